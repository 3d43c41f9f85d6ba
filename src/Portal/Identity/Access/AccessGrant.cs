namespace PortalRelease.Portal.Identity.Access;

/// <summary>Who a grant is for.</summary>
public enum GrantSubjectKind
{
    User,
    Group,
    Everyone,
}

/// <summary>
/// A role given to a user, a group or every signed-in user, within environments and services (patterns; <c>*</c> is
/// all) and, optionally, only for services the catalog says are owned by <see cref="Teams"/> (patterns over team
/// names; <c>*</c>, the default, is every service whether registered or not). Services and teams both must match
/// when both are narrowed. <see cref="Source"/> says where it lives: <c>settings</c> (appsettings.json, changed by editing the file) or
/// <c>database</c> (the Access page and <c>/api/access/grants</c>).
/// </summary>
public sealed record AccessGrant(
    string Id,
    GrantSubjectKind Kind,
    string Subject,
    string Role,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Services,
    string Source,
    string? CreatedBy = null,
    DateTimeOffset? CreatedAt = null)
{
    /// <summary>Team patterns; <c>[*]</c> when the grant does not depend on ownership.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [ScopePattern.Any];

    public bool AnyTeam => Teams.Count == 0 || Teams.Contains(ScopePattern.Any);

    public const string FromSettings = "settings";
    public const string FromDatabase = "database";

    public bool IsUnscoped => Environments.Contains(ScopePattern.Any) && Services.Contains(ScopePattern.Any) && AnyTeam;

    public string Describe() =>
        $"{Role} for {Kind switch { GrantSubjectKind.Everyone => "everyone", GrantSubjectKind.Group => $"group {Subject}", _ => Subject }}"
        + (IsUnscoped ? " everywhere"
            : $" (services {string.Join(", ", Services)}{(AnyTeam ? "" : $" owned by teams {string.Join(", ", Teams)}")}; environments {string.Join(", ", Environments)})");
}
