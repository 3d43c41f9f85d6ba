namespace PortalRelease.Portal.Identity.Access;

/// <summary>
/// <c>Portal:Access</c>: grants seeded from settings (shown on the Access page, changed only by editing the file) and
/// group membership kept in settings (added to the groups a user's sign-in brings; approval gates name groups).
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "Portal:Access";

    public List<GrantSettings> Grants { get; set; } = [];

    /// <summary>Group name → user ids in it.</summary>
    public Dictionary<string, List<string>> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Under <c>Portal:Auth:Mode: Development</c> (loopback only, anyone can be anyone): every user is admin, so a
    /// developer's portal works without grants. Set false to try grants in development.
    /// </summary>
    public bool DevelopmentEveryoneIsAdmin { get; set; } = true;
}

/// <summary>One grant in settings: exactly one of <see cref="User"/>, <see cref="Group"/> or <see cref="Everyone"/>.</summary>
public sealed class GrantSettings
{
    public string? User { get; set; }

    public string? Group { get; set; }

    public bool Everyone { get; set; }

    public string Role { get; set; } = "";

    /// <summary>Environment patterns; none means all.</summary>
    public List<string> Environments { get; set; } = [];

    /// <summary>Service patterns; none means all.</summary>
    public List<string> Services { get; set; } = [];

    /// <summary>Team patterns: only services the catalog says these teams own; none means every service.</summary>
    public List<string> Teams { get; set; } = [];
}
