using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Identity.Local;

/// <summary>
/// A Blazor circuit keeps the user it opened with for as long as the tab stays open, long after the same cookie would
/// be refused: the cookie's check runs per request, and a circuit makes none. This provider, the circuit's
/// <see cref="AuthenticationStateProvider"/>, checks a built-in account again every
/// <c>Portal:Auth:RevalidationInterval</c>: it must still exist, be enabled, not be locked and carry the same security
/// stamp (which every password change, reset, group change and disabling replaces). When it does not, the circuit's user
/// becomes anonymous, so <see cref="CircuitActorHandler"/> hands the circuit's services nobody and they refuse what it
/// asks. Sign-ins by an identity provider or the development identity have nothing here to check again.
/// </summary>
public class LocalSessionRevalidator(ILoggerFactory loggers, LocalAccountService accounts, IOptions<AuthOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (PortalUser.From(authenticationState.User) is not { Method: LocalAccountService.Method } user)
        {
            return true;
        }
        var current = await accounts.CurrentAsync(user.Id, cancellationToken);
        return current is { } account && account.Stamp == authenticationState.User.FindFirst(LocalCookieEvents.StampClaim)?.Value;
    }
}
