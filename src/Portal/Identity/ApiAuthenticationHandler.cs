using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Identity.Ci;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Identity;

/// <summary>
/// How <c>/api</c> and the hub authenticate outside development: by an API token, never by the sign-in cookie, so a
/// page on another site cannot act with the browser's session (cross-site request forgery has nothing to ride on).
/// The token comes as <c>Authorization: Bearer prt_…</c>, or as the password of basic auth for senders that only
/// speak that (Alertmanager's <c>basic_auth</c>). A bearer JWT is a CI system's token (<c>Portal:Auth:Ci</c>), checked by
/// <see cref="Ci.CiTokenAuthenticator"/>. Without a credential a call is anonymous and the fallback policy
/// answers 401 with a <c>WWW-Authenticate: Bearer</c> challenge; a wrong credential fails outright.
/// </summary>
internal sealed class ApiAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    CiTokenAuthenticator ci)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Api";
    // Room for a CI system's JWT (GitHub's are about 1.5 KB); far below what would make parsing one a cost.
    private const int MaxHeaderLength = 8192;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (header.Length > MaxHeaderLength || !AuthenticationHeaderValue.TryParse(header, out var value) || value.Parameter is null)
        {
            return AuthenticateResult.Fail("The Authorization header is not a Bearer token.");
        }
        var presented = value.Scheme.ToLowerInvariant() switch
        {
            "bearer" => value.Parameter,
            "basic" => BasicPassword(value.Parameter),
            _ => null,
        };
        if (presented is null)
        {
            return AuthenticateResult.Fail($"The Authorization scheme '{Input.Excerpt.Of(value.Scheme)}' is not accepted; send Bearer with an API token.");
        }
        if (value.Scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase) && CiTokenAuthenticator.LooksLikeJwt(presented))
        {
            return await ci.AuthenticateAsync(Context, presented, SchemeName);
        }
        var token = await tokens.AuthenticateAsync(presented, Context.Connection.RemoteIpAddress?.ToString(), Context.RequestAborted);
        if (token is null)
        {
            return AuthenticateResult.Fail("The API token is unknown, expired or revoked.");
        }
        var identity = PortalClaims.Identity(SchemeName, token.User);
        token.Scope.AddClaims(identity);
        return AuthenticateResult.Success(new AuthenticationTicket(new(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750: say why a credential that was sent is refused (the reason names no secret).
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{failure.Replace("\"", "'", StringComparison.Ordinal)}\"";
    }

    private static string? BasicPassword(string parameter)
    {
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : pair[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
