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

    private static string? Address(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString();
}
