using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/access/me</c>: who the portal takes the caller (the token) to be.</summary>
    public async Task<CallerView> GetCallerAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/access/me");
        return await SendAsync<CallerView>(message, cancellationToken);
    }
}
