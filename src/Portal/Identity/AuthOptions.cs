namespace PortalRelease.Portal.Identity;

/// <summary>How people sign in (<c>Portal:Auth</c>).</summary>
public enum AuthMode
{
    /// <summary>Built-in local accounts: the embedded default. A bootstrap <c>admin</c> is created on first start.</summary>
    Local,

    /// <summary>The organisation's OpenID Connect provider (<c>Portal:Auth:Oidc</c>).</summary>
    Oidc,

    /// <summary>
    /// Everyone is the development identity (<c>Portal:Engine:DevelopmentIdentity</c>), optionally switched per call or
    /// circuit. Refused unless the portal listens on loopback alone.
    /// </summary>
    Development,
}

/// <summary>The <c>Portal:Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Portal:Auth";

    public AuthMode Mode { get; set; } = AuthMode.Local;

    public LocalAccountOptions Local { get; set; } = new();

    /// <summary>
    /// Origins besides the request's own from which browsers may change state (e.g. <c>https://portal.example</c> when a
    /// proxy forwards to the portal under another Host).
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>The OpenID provider, for <see cref="AuthMode.Oidc"/>.</summary>
    public Oidc.OidcOptions Oidc { get; set; } = new();

    /// <summary>CI systems whose OIDC-issued tokens act as service accounts (<c>Portal:Auth:Ci</c>).</summary>
    public Ci.CiOptions Ci { get; set; } = new();

    /// <summary>How long a sign-in lasts without activity; sliding.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often an open page (a Blazor circuit) checks its built-in account again: disabled, locked, password or groups
    /// changed. The longest a circuit acts for an account after such a change.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary><c>Portal:Auth:Local</c>: the built-in accounts' rules.</summary>
public sealed class LocalAccountOptions
{
    /// <summary>Failed sign-ins in a row before the account is locked.</summary>
    public int LockoutAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The shortest password a user may choose.</summary>
    public int MinimumPasswordLength { get; set; } = 12;
}
