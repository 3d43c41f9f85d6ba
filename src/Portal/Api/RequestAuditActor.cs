using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity;

namespace PortalRelease.Portal.Api;

/// <summary>
/// The acting user as the audit log records them, for this request or circuit: the <see cref="CurrentActor"/>'s user
/// id, display name and how they signed in; the address is the request's (in a Blazor circuit, the one that opened
/// it, when the host still knows it).
/// </summary>
public sealed class RequestAuditActor(CurrentActor actor, IHttpContextAccessor http)
{
    public AuditActor Current
    {
        get
        {
            var user = actor.User;
            return new AuditActor(user.Id, user.Name, user.Method, Address(http.HttpContext)) { Principal = actor.Principal };
        }
    }

    /// <summary>The actor of a principal outside a request's scope (a hub call), with the address it came from.</summary>
    public static AuditActor For(System.Security.Claims.ClaimsPrincipal principal, HttpContext? context)
    {
        var user = PortalUser.From(principal) ?? throw new InvalidOperationException("Nobody is signed in here: the hub is missing its authorization.");
        return new AuditActor(user.Id, user.Name, user.Method, Address(context)) { Principal = principal };
    }

    private static string? Address(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString();
}
