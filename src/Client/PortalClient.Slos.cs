using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/slos</c>: every service whose templates declare SLOs, with each SLO now and whether deployments are frozen.</summary>
    public async Task<IReadOnlyList<ServiceSloView>> ListSlosAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/slos");
        return await SendAsync<List<ServiceSloView>>(message, cancellationToken);
    }

    /// <summary><c>GET /api/slos/{service}</c>: the service's SLOs with their history and its deployments; a 404 when no template declares SLOs for it.</summary>
    public async Task<ServiceSloDetailView> GetSlosAsync(string service, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, $"api/slos/{Uri.EscapeDataString(service)}");
        return await SendAsync<ServiceSloDetailView>(message, cancellationToken);
    }
}
