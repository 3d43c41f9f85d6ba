using System.Security.Claims;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Identity;

/// <summary>
/// Who is acting, from the authenticated principal: the request's user for API calls and prerendering, and in a Blazor
/// circuit the user its <c>AuthenticationStateProvider</c> holds (set by <see cref="CircuitActorHandler"/>), because a
/// circuit outlives the request that opened it. Scoped: one per request, or per circuit in the pages. In
/// <see cref="AuthMode.Development"/> with <c>Portal:Engine:AllowIdentityHeader</c>, the layout's picker may switch the
/// user of one circuit so an author and a different approver can be exercised.
/// </summary>
public sealed class CurrentActor(IOptions<PortalOptions> options, IOptions<AuthOptions> auth, IHttpContextAccessor http)
{
    private PortalUser? _switched;
    private PortalUser? _circuitUser;
    private ClaimsPrincipal? _circuitPrincipal;
    private bool _inCircuit;

    /// <summary>Raised when this circuit's user changes (picker or a new authentication state).</summary>
    public event Action? Changed;

    public bool CanSwitch => auth.Value.Mode == AuthMode.Development && options.Value.Engine.AllowIdentityHeader;

    public bool IsDevelopmentIdentity => auth.Value.Mode == AuthMode.Development;

    /// <summary>The signed-in user; there is always one where the fallback policy holds.</summary>
    public PortalUser User =>
        _switched
        ?? (_inCircuit ? _circuitUser : PortalUser.From(http.HttpContext?.User))
        // Development mode signs everyone in as the development identity, also where no request carries it.
        ?? (IsDevelopmentIdentity ? DevelopmentUser : null)
        ?? throw new InvalidOperationException("Nobody is signed in here: the endpoint or component is missing its authorization.");

    /// <summary>The principal behind <see cref="User"/>: what the services authorize (groups, a token's scope).</summary>
    public ClaimsPrincipal Principal =>
        _switched is { } switched ? Development(switched)
        : (_inCircuit ? _circuitPrincipal : http.HttpContext?.User) is { Identity.IsAuthenticated: true } signedIn && PortalUser.From(signedIn) is not null ? signedIn
        : IsDevelopmentIdentity ? Development(DevelopmentUser)
        : throw new InvalidOperationException("Nobody is signed in here: the endpoint or component is missing its authorization.");

    private static ClaimsPrincipal Development(PortalUser user) => new(PortalClaims.Identity("development", user));

    private PortalUser DevelopmentUser => new(options.Value.Engine.DevelopmentIdentity, options.Value.Engine.DevelopmentIdentity, null, [], "development");

    /// <summary>The stable user id: what the journal records and what roles name.</summary>
    public string Id => User.Id;

    public string DisplayName => User.Name;

    /// <summary>Switches this circuit's user (development identity only); false when switching is off.</summary>
    public bool Switch(string user)
    {
        if (!CanSwitch || string.IsNullOrWhiteSpace(user))
        {
            return false;
        }
        var id = user.Trim();
        _switched = new PortalUser(id, id, null, [], "development");
        Changed?.Invoke();
        return true;
    }

    /// <summary>Called by the circuit when its authentication state is known or changes.</summary>
    internal void SetCircuitUser(ClaimsPrincipal? principal)
    {
        _inCircuit = true;
        _circuitPrincipal = principal;
        _circuitUser = PortalUser.From(principal);
        Changed?.Invoke();
    }
}
