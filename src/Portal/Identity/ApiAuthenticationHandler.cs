using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Identity;

/// <summary>
/// How <c>/api</c> and the hub authenticate outside development: never by the sign-in cookie, so a page on another site
/// cannot act with the browser's session (cross-site request forgery has nothing to ride on). Without a credential of
/// its own a call is anonymous and the fallback policy answers 401 with a <c>WWW-Authenticate: Bearer</c> challenge.
/// </summary>
internal sealed class ApiAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Api";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
