using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.ServiceAccounts;

namespace PortalRelease.Portal.Identity.Ci;

/// <summary>
/// After a CI token's signature, issuer, audience and lifetime passed: finds the first rule of its issuer whose audience
/// and claims it matches and turns it into that service account's principal (method <c>ci:&lt;issuer&gt;</c>, no groups).
/// No matching rule, or a missing or disabled account, refuses the token. Why goes to the log, never the token itself.
/// </summary>
internal sealed class CiJwtEvents(IOptions<AuthOptions> auth, ServiceAccountService accounts, ILogger<CiJwtEvents> logger) : JwtBearerEvents
{
    public const string MethodPrefix = "ci:";

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        if (CiSchemes.Of(auth.Value.Ci, context.Scheme.Name) is not ({ } issuer, { } rules) || context.Principal is not { } principal)
        {
            context.Fail(new CiTokenRejectedException("The CI token's issuer is not configured."));
            return;
        }
        var audiences = principal.FindAll("aud").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var mismatches = new List<string>();
        CiIssuerOptions? match = null;
        foreach (var rule in rules)
        {
            if (!audiences.Contains(rule.Audience!))
            {
                continue;
            }
            var mismatch = rule.Claims.Select(c => Mismatch(principal, c.Key, c.Value)).FirstOrDefault(m => m is not null);
            if (mismatch is null)
            {
                match = rule;
                break;
            }
            mismatches.Add($"rule {auth.Value.Ci.Issuers.IndexOf(rule)}: {mismatch}");
        }
        if (match is null)
        {
            logger.LogWarning("CI token of {Issuer} (subject {Subject}) refused: its claims match no rule of {Section}:Issuers ({Mismatches})",
                issuer, Input.Excerpt.Of(principal.FindFirst("sub")?.Value ?? "?"), CiOptions.Section, string.Join("; ", mismatches));
            context.Fail(new CiTokenRejectedException("The CI token's claims match no rule for its issuer."));
            return;
        }
        var user = await accounts.SignInAsync(match.ServiceAccount!, MethodPrefix + issuer, context.HttpContext.RequestAborted);
        if (user is null)
        {
            logger.LogWarning("CI token of {Issuer} refused: the service account {ServiceAccount} it maps to is missing or disabled", issuer, match.ServiceAccount);
            context.Fail(new CiTokenRejectedException("The service account of this CI token is missing or disabled."));
            return;
        }
        context.Principal = new ClaimsPrincipal(PortalClaims.Identity(ApiAuthenticationHandler.SchemeName, user));
        context.Success();
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        logger.LogWarning("CI token refused by {Scheme}: {Reason}", context.Scheme.Name, CiTokenAuthenticator.Describe(context.Exception));
        return Task.CompletedTask;
    }

    /// <summary>Why the claim does not satisfy the rule, or null when it does: one string value, matching whole.</summary>
    private static string? Mismatch(ClaimsPrincipal principal, string claim, string pattern)
    {
        var values = principal.FindAll(claim).ToList();
        if (values.Count != 1 || values[0].ValueType != ClaimValueTypes.String)
        {
            return values.Count == 0 ? $"no '{claim}' claim" : $"'{claim}' is not one string";
        }
        return ScopePattern.Matches(pattern, values[0].Value) ? null : $"'{claim}' is '{Input.Excerpt.Of(values[0].Value)}'";
    }
}

/// <summary>A CI token refused by the portal's own rules (not by the token's validation).</summary>
internal sealed class CiTokenRejectedException(string message) : Exception(message);
