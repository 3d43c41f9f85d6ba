using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Identity.Oidc;

/// <summary>
/// Checks <c>Portal:Auth:Oidc</c> at start when the mode is <c>Oidc</c>, naming each setting. The provider is where every
/// identity comes from, so its address must be https (plain http only on loopback, for a provider on the same machine)
/// and the keys that sign its tokens must never be fetched over a wire anyone can rewrite. Secrets are never echoed.
/// </summary>
internal sealed class OidcOptionsValidator : IValidateOptions<AuthOptions>
{
    private const int MaxText = 256;
    private const int MaxScopes = 32;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (options.Mode != AuthMode.Oidc)
        {
            return ValidateOptionsResult.Success;
        }
        var oidc = options.Oidc;
        var errors = new List<string>();
        ValidateAuthority(oidc, errors);
        Require(oidc.ClientId, "ClientId", "the client id registered for the portal at the provider", errors);
        if (string.IsNullOrWhiteSpace(oidc.ClientSecret))
        {
            errors.Add($"{OidcOptions.Section}:ClientSecret is required with {AuthOptions.Section}:Mode Oidc: the secret the provider issued for the portal's client (keep it in an environment variable or a secret store, e.g. Portal__Auth__Oidc__ClientSecret).");
        }
        else if (oidc.ClientSecret.Length > 4096 || oidc.ClientSecret.Any(char.IsControl))
        {
            errors.Add($"{OidcOptions.Section}:ClientSecret must be at most 4096 printable characters (its value is not shown).");
        }
        if (oidc.Scopes.Count > MaxScopes)
        {
            errors.Add($"{OidcOptions.Section}:Scopes lists {oidc.Scopes.Count} scopes; at most {MaxScopes} are allowed.");
        }
        for (var i = 0; i < oidc.Scopes.Count; i++)
        {
            var scope = oidc.Scopes[i];
            if (string.IsNullOrEmpty(scope) || scope.Length > MaxText || scope.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '"' || c == '\\'))
            {
                errors.Add($"{OidcOptions.Section}:Scopes:{i} must be one scope name of 1 to {MaxText} characters without spaces, quotes or backslashes (was '{Excerpt(scope)}').");
            }
        }
        Require(oidc.Claims.UserId, "Claims:UserId", "the claim that carries the stable user id, e.g. sub", errors);
        Require(oidc.Claims.Name, "Claims:Name", "the claim that carries the display name, e.g. name", errors);
        Require(oidc.Claims.Email, "Claims:Email", "the claim that carries the e-mail address, e.g. email", errors);
        Require(oidc.Claims.Groups, "Claims:Groups", "the claim that carries the groups, e.g. groups", errors);
        ValidatePath(oidc.CallbackPath, "CallbackPath", errors);
        ValidatePath(oidc.SignedOutCallbackPath, "SignedOutCallbackPath", errors);
        if (string.Equals(oidc.CallbackPath, oidc.SignedOutCallbackPath, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{OidcOptions.Section}:CallbackPath and {OidcOptions.Section}:SignedOutCallbackPath must differ (both are '{Excerpt(oidc.CallbackPath)}').");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateAuthority(OidcOptions oidc, List<string> errors)
    {
        const string key = OidcOptions.Section + ":Authority";
        if (string.IsNullOrWhiteSpace(oidc.Authority))
        {
            errors.Add($"{key} is required with {AuthOptions.Section}:Mode Oidc: the provider's issuer URL, e.g. https://login.example.com/realms/acme.");
            return;
        }
        if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{key} must be an absolute https URL, e.g. https://login.example.com/realms/acme (was '{Excerpt(oidc.Authority)}').");
            return;
        }
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            // A user name and password in the URL would end up in logs; a query or fragment breaks discovery.
            errors.Add($"{key} must not carry a user name, password, query or fragment; give the issuer URL alone.");
            return;
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            errors.Add($"{key} must use https: '{Excerpt(uri.GetLeftPart(UriPartial.Path))}' would let anyone on the network between the portal and the provider sign in as anybody. Plain http is allowed only for a provider on loopback.");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && oidc.RequireHttpsMetadata)
        {
            errors.Add($"{key} is plain http on loopback: set {OidcOptions.Section}:RequireHttpsMetadata to false to allow it (only ever for a provider on this machine).");
        }
        if (!oidc.RequireHttpsMetadata && !uri.IsLoopback)
        {
            errors.Add($"{OidcOptions.Section}:RequireHttpsMetadata may be false only for a loopback authority; {key} names {Excerpt(uri.Host)}.");
        }
    }

    private static void Require(string? value, string setting, string meaning, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{OidcOptions.Section}:{setting} is required with {AuthOptions.Section}:Mode Oidc: {meaning}.");
        }
        else if (value.Length > MaxText || value.Any(char.IsControl))
        {
            errors.Add($"{OidcOptions.Section}:{setting} must be at most {MaxText} printable characters (was '{Excerpt(value)}').");
        }
    }

    private static void ValidatePath(string? path, string setting, List<string> errors)
    {
        if (path is not { Length: > 1 and <= MaxText } || path[0] != '/' || path[1] == '/' || path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '?' or '#' or '\\'))
        {
            errors.Add($"{OidcOptions.Section}:{setting} must be a path of this portal such as /signin-oidc, without query or fragment (was '{Excerpt(path)}').");
        }
    }

    private static string Excerpt(string? value) =>
        value is null ? "" : new string(value.Take(60).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (value.Length > 60 ? "…" : "");
}
