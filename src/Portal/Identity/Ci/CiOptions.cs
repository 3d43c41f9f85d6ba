namespace PortalRelease.Portal.Identity.Ci;

/// <summary>
/// <c>Portal:Auth:Ci</c>: CI systems that may call the API with the short-lived JWT their OIDC provider gives each job
/// (GitHub Actions, GitLab CI), so a pipeline keeps no stored secret. Each rule maps tokens of an issuer, for an
/// audience, whose claims match, to a service account.
/// </summary>
public sealed class CiOptions
{
    public const string Section = AuthOptions.Section + ":Ci";

    public List<CiIssuerOptions> Issuers { get; set; } = [];
}

/// <summary>One rule of <c>Portal:Auth:Ci:Issuers</c>. Rules of the same issuer are tried in order; the first that matches wins.</summary>
public sealed class CiIssuerOptions
{
    /// <summary>The token's <c>iss</c>, e.g. <c>https://token.actions.githubusercontent.com</c>; its keys come from its discovery document.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> the token must carry: what the pipeline asks for (GitHub's <c>audience</c>, GitLab's <c>aud</c>).</summary>
    public string? Audience { get; set; }

    /// <summary>The service account (its name, without <c>sa:</c>) the token acts as.</summary>
    public string? ServiceAccount { get; set; }

    /// <summary>
    /// Claim name → required value, whole string; <c>*</c> stands for any run of characters (<c>refs/heads/release-*</c>).
    /// At least one: an issuer such as GitHub's signs tokens for every repository on it, and anyone may ask for any audience.
    /// </summary>
    public Dictionary<string, string> Claims { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Refuse discovery and keys over plain http; may be false only for a loopback issuer.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
