using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/on-call</c>: the releases in flight with their health, recent rollbacks and aborts, and recent alerts.</summary>
    public async Task<OnCallView> GetOnCallAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/on-call");
        return await SendAsync<OnCallView>(message, cancellationToken);
    }
}
