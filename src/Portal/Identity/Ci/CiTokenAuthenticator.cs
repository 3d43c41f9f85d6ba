using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PortalRelease.Portal.Identity.Ci;

/// <summary>
/// Routes a bearer JWT (three base64url parts, where an API token is <c>prt_…</c>) to the CI scheme of the issuer it
/// names. The issuer is read unverified only to pick the scheme; that scheme then checks everything against that
/// issuer's own keys, so a token naming another issuer gains nothing.
/// </summary>
internal sealed partial class CiTokenAuthenticator(IOptions<AuthOptions> auth, ILogger<CiTokenAuthenticator> logger)
{
    public static bool LooksLikeJwt(string value) => JwtShape().IsMatch(value);

    public async Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string token, string apiScheme)
    {
        string issuer;
        try
        {
            issuer = new JsonWebToken(token).Issuer;
        }
        catch (Exception error) when (error is ArgumentException or SecurityTokenMalformedException or System.Text.Json.JsonException or FormatException)
        {
            return AuthenticateResult.Fail("The bearer value is neither an API token nor a readable JWT.");
        }
        if (CiSchemes.SchemeFor(auth.Value.Ci, issuer) is not { } scheme)
        {
            logger.LogWarning("CI token refused: its issuer '{Issuer}' is not in {Section}:Issuers", Input.Excerpt.Of(issuer), CiOptions.Section);
            return AuthenticateResult.Fail($"The CI token's issuer is not configured in {CiOptions.Section}:Issuers.");
        }
        var result = await context.AuthenticateAsync(scheme);
        if (result.Succeeded)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(result.Principal, apiScheme));
        }
        return AuthenticateResult.Fail(result.Failure is { } failure ? Describe(failure) : "The CI token is not valid.");
    }

    /// <summary>Why a CI token was refused, in words that carry nothing from the token.</summary>
    public static string Describe(Exception error) => error switch
    {
        CiTokenRejectedException rejected => rejected.Message,
        SecurityTokenExpiredException => "The CI token has expired.",
        SecurityTokenNotYetValidException => "The CI token is not valid yet.",
        SecurityTokenInvalidAudienceException => "The CI token is for another audience.",
        SecurityTokenInvalidIssuerException => "The CI token's issuer is not accepted.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException or SecurityTokenInvalidAlgorithmException
            => "The CI token's signature is not valid.",
        SecurityTokenNoExpirationException => "The CI token has no expiry.",
        _ => "The CI token is not valid.",
    };

    [GeneratedRegex(@"\A[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex JwtShape();
}
