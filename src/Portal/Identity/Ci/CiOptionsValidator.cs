using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Identity.ServiceAccounts;

namespace PortalRelease.Portal.Identity.Ci;

/// <summary>
/// Checks <c>Portal:Auth:Ci</c> at start, naming each setting. An issuer is where a service account's identity comes
/// from, so its keys must come over https (plain http only on loopback), and every rule needs a claim that pins it to the
/// organisation's own pipelines: GitHub's and GitLab's issuers sign tokens for every repository they host, and a
/// workflow may ask for any audience it likes.
/// </summary>
internal sealed partial class CiOptionsValidator : IValidateOptions<AuthOptions>
{
    public const int MaxIssuers = 32;
    public const int MaxClaims = 16;
    private const int MaxText = 256;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var issuers = options.Ci.Issuers;
        var errors = new List<string>();
        if (issuers.Count > MaxIssuers)
        {
            errors.Add($"{CiOptions.Section}:Issuers lists {issuers.Count} rules; at most {MaxIssuers} are allowed.");
        }
        for (var i = 0; i < Math.Min(issuers.Count, MaxIssuers); i++)
        {
            Validate($"{CiOptions.Section}:Issuers:{i}", issuers[i], errors);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Validate(string key, CiIssuerOptions rule, List<string> errors)
    {
        ValidateIssuer(key, rule, errors);
        if (string.IsNullOrWhiteSpace(rule.Audience))
        {
            errors.Add($"{key}:Audience is required: the audience the pipeline asks its token for, e.g. https://portal.example.");
        }
        else if (!IsPlainText(rule.Audience))
        {
            errors.Add($"{key}:Audience must be 1 to {MaxText} printable characters without spaces (was '{Input.Excerpt.Of(rule.Audience)}').");
        }
        if (string.IsNullOrWhiteSpace(rule.ServiceAccount))
        {
            errors.Add($"{key}:ServiceAccount is required: the name of the service account the pipeline acts as (without 'sa:').");
        }
        else if (!ServiceAccountService.IsName(rule.ServiceAccount))
        {
            errors.Add($"{key}:ServiceAccount must be a service account name, 1 to 63 of a-z, 0-9 and '-' (was '{Input.Excerpt.Of(rule.ServiceAccount)}').");
        }
        if (rule.Claims.Count == 0)
        {
            errors.Add(
                $"{key}:Claims is required: at least one claim the token must carry, e.g. repository: acme/payments. The issuer signs tokens for "
                + "every pipeline it serves and any of them may ask for this audience, so the audience alone admits strangers.");
        }
        else if (rule.Claims.Count > MaxClaims)
        {
            errors.Add($"{key}:Claims lists {rule.Claims.Count} claims; at most {MaxClaims} are allowed.");
        }
        foreach (var (claim, value) in rule.Claims.Take(MaxClaims))
        {
            if (!ClaimName().IsMatch(claim) || Reserved.Contains(claim))
            {
                errors.Add($"{key}:Claims:{Input.Excerpt.Of(claim)} is not a claim a rule may name: 1 to 64 of letters, digits, '_', '.', '-', and not one of {string.Join(", ", Reserved)} (the portal checks those itself).");
            }
            else if (string.IsNullOrEmpty(value) || value.Length > MaxText || value.Any(char.IsControl))
            {
                errors.Add($"{key}:Claims:{claim} must be 1 to {MaxText} printable characters (was '{Input.Excerpt.Of(value ?? "")}').");
            }
            else if (value.All(c => c == '*'))
            {
                errors.Add($"{key}:Claims:{claim} is '{value}', which matches every value; name the value it must have (a '*' may stand for part of it).");
            }
        }
    }

    private static void ValidateIssuer(string key, CiIssuerOptions rule, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(rule.Issuer))
        {
            errors.Add($"{key}:Issuer is required: the issuer of the CI system's tokens, e.g. https://token.actions.githubusercontent.com.");
            return;
        }
        if (rule.Issuer.Length > MaxText || !Uri.TryCreate(rule.Issuer, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{key}:Issuer must be an absolute https URL, e.g. https://token.actions.githubusercontent.com (was '{Input.Excerpt.Of(rule.Issuer)}').");
            return;
        }
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            errors.Add($"{key}:Issuer must not carry a user name, password, query or fragment; give the issuer URL alone.");
            return;
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            errors.Add($"{key}:Issuer must use https: keys fetched over plain http from '{Input.Excerpt.Of(uri.Host)}' could be swapped by anyone on the way, and with them any token forged. Plain http is allowed only for an issuer on loopback.");
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && rule.RequireHttpsMetadata)
        {
            errors.Add($"{key}:Issuer is plain http on loopback: set {key}:RequireHttpsMetadata to false to allow it (only ever for an issuer on this machine).");
        }
        if (!rule.RequireHttpsMetadata && !uri.IsLoopback)
        {
            errors.Add($"{key}:RequireHttpsMetadata may be false only for a loopback issuer; {key}:Issuer names {Input.Excerpt.Of(uri.Host)}.");
        }
    }

    private static readonly string[] Reserved = ["iss", "aud", "exp", "nbf", "iat"];

    private static bool IsPlainText(string value) => value.Length <= MaxText && !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));

    [GeneratedRegex(@"\A[A-Za-z0-9_.\-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ClaimName();
}
