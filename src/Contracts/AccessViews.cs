using System.Text.Json.Serialization;

namespace PortalRelease.Contracts;

/// <summary>
/// A role given to a user, a group or every signed-in user, as <c>/api/access/grants</c> serves it: within environments
/// and services (patterns; <c>*</c> is all) and, when <see cref="AnyTeam"/> is false, only for services the catalog says
/// are owned by one of <see cref="Teams"/>. <see cref="Source"/> is <c>settings</c> (appsettings.json, changed by editing
/// the file) or <c>database</c> (the Access page and the API).
/// </summary>
public sealed record AccessGrantView(
    string Id,
    [property: JsonConverter(typeof(JsonNumberEnumConverter<GrantSubjectKind>))] GrantSubjectKind Kind,
    string Subject,
    string Role,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Services,
    string Source,
    string? CreatedBy = null,
    DateTimeOffset? CreatedAt = null)
{
    /// <summary>Team patterns; <c>[*]</c> when the grant does not depend on ownership.</summary>
    public IReadOnlyList<string> Teams { get; init; } = [];

    /// <summary>True when the grant applies whoever owns the service.</summary>
    public bool AnyTeam { get; init; }

    /// <summary>True when the grant applies everywhere: every environment, service and team.</summary>
    public bool IsUnscoped { get; init; }
}

/// <summary>Who a grant is for, as the number the API serves (whatever the reader's enum convention).</summary>
public enum GrantSubjectKind
{
    /// <summary>One user, by id (<see cref="AccessGrantView.Subject"/>).</summary>
    User = 0,

    /// <summary>Every member of a group.</summary>
    Group = 1,

    /// <summary>Every signed-in user.</summary>
    Everyone = 2,
}

/// <summary>
/// The body of <c>POST /api/access/grants</c>: exactly one of <see cref="User"/>, <see cref="Group"/> or
/// <see cref="Everyone"/>, a role, and the patterns it is limited to (left out: everywhere).
/// </summary>
public sealed record GrantRequest(
    string? User,
    string? Group,
    bool? Everyone,
    string? Role,
    IReadOnlyList<string>? Environments,
    IReadOnlyList<string>? Services,
    IReadOnlyList<string>? Teams);

/// <summary>
/// A built-in account (Local sign-in mode) as admins see it on <c>/api/access/users</c>: never its password nor its
/// hash. <see cref="LockedUntil"/> is set while too many failed sign-ins keep it locked.
/// </summary>
public sealed record LocalUserView(
    string Id,
    string DisplayName,
    IReadOnlyList<string> Groups,
    bool MustChangePassword,
    DateTimeOffset? LockedUntil,
    bool Disabled,
    DateTimeOffset? DisabledAt,
    string? DisabledBy,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSignInAt);

/// <summary>
/// The answer of creating an account or resetting its password: the account and the one-time <see cref="Password"/>
/// the portal made, shown this once and to be changed at the next sign-in. Keep it secret; never log it.
/// </summary>
public sealed record LocalUserPasswordView(LocalUserView User, string Password)
{
    /// <summary>The password stays out of logs and exception messages that print records.</summary>
    public override string ToString() => $"LocalUserPasswordView {{ User = {User}, Password = *** }}";
}

/// <summary>The body of <c>POST /api/access/users</c>. There is no password: the portal makes one.</summary>
public sealed record CreateUserRequest(string? UserName, string? DisplayName, IReadOnlyList<string>? Groups);

/// <summary>The body of <c>PATCH /api/access/users/{id}</c>: a field left out (null) stays as it is.</summary>
public sealed record ChangeUserRequest(string? DisplayName, IReadOnlyList<string>? Groups);
