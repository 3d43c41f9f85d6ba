namespace PortalRelease.Portal.Identity.Oidc;

/// <summary><c>Portal:Auth:Oidc</c>: the organisation's OpenID provider, used when <c>Portal:Auth:Mode</c> is <c>Oidc</c>.</summary>
public sealed class OidcOptions
{
    public const string Section = AuthOptions.Section + ":Oidc";

    /// <summary>The provider's issuer URL; its discovery document is read from <c>.well-known/openid-configuration</c> below it.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client secret; never logged nor echoed in a message.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Scopes asked for, <c>openid profile email</c> when none are given; <c>openid</c> is always added. Providers name the
    /// scope that carries groups differently (Okta <c>groups</c>; Keycloak and Entra configure groups on the client).
    /// </summary>
    // Empty by default: the configuration binder appends to a list it finds filled, so defaults live in EffectiveScopes.
    public List<string> Scopes { get; set; } = [];

    public static readonly IReadOnlyList<string> DefaultScopes = ["openid", "profile", "email"];

    public IEnumerable<string> EffectiveScopes => (Scopes.Count == 0 ? DefaultScopes : Scopes).Prepend("openid").Distinct(StringComparer.Ordinal);

    public OidcClaimNames Claims { get; set; } = new();

    /// <summary>Refuse a discovery document or keys fetched over plain http; may be false only for a loopback authority.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Where the provider sends the browser back with the authorization code (register it at the provider).</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>Where the provider sends the browser back after signing out there (register it as post-logout redirect URI).</summary>
    public string SignedOutCallbackPath { get; set; } = "/signout-callback-oidc";
}

/// <summary><c>Portal:Auth:Oidc:Claims</c>: which claims of the ID token or user info carry the portal's user.</summary>
public sealed class OidcClaimNames
{
    /// <summary>The stable user id the journal records and grants name: <c>sub</c> unless the provider's is unreadable.</summary>
    public string UserId { get; set; } = "sub";

    public string Name { get; set; } = "name";

    public string Email { get; set; } = "email";

    /// <summary>Group memberships: a JSON array, or one string of groups separated by commas or spaces.</summary>
    public string Groups { get; set; } = "groups";
}
