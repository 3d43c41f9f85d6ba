using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Identity;

/// <summary>
/// <c>Portal:Auth:Mode: Development</c>: every request is the development identity, or with
/// <c>Portal:Engine:AllowIdentityHeader</c> the user an API call names in <c>X-Portal-User</c>, so an author and a
/// different approver can be exercised. Only ever reachable from loopback (<see cref="DevelopmentModeGuard"/>).
/// </summary>
internal sealed class DevelopmentAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<PortalOptions> portal,
    IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Development";
    public const string Header = "X-Portal-User";
    private const int MaxUserLength = 64;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Registered in every mode (the mode is only known per request), it signs nobody in outside Development.
        if (auth.Value.Mode != AuthMode.Development)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var engine = portal.Value.Engine;
        var user = engine.DevelopmentIdentity;
        if (engine.AllowIdentityHeader && Request.Headers[Header] is { Count: > 0 } values)
        {
            var named = values.ToString().Trim();
            if (named.Length is 0 or > MaxUserLength || named.Any(char.IsControl))
            {
                return Task.FromResult(AuthenticateResult.Fail($"{Header} must name a user in 1 to {MaxUserLength} printable characters."));
            }
            user = named;
        }
        var identity = PortalClaims.Identity(SchemeName, new PortalUser(user, user, null, [], "development"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new(identity), SchemeName)));
    }
}
