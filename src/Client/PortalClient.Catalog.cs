using System.Net.Http.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

/// <summary>The service catalog, <c>/api/services</c>: which team owns which service. Everyone signed in reads; admins change.</summary>
public sealed partial class PortalClient
{
    /// <summary><c>GET /api/services</c>: every registered service.</summary>
    public async Task<IReadOnlyList<ServiceEntryView>> ListServicesAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/services");
        return await SendAsync<List<ServiceEntryView>>(message, cancellationToken);
    }

    /// <summary><c>GET /api/services/{name}</c>: one service (a 404 <see cref="PortalApiException"/> when unregistered).</summary>
    public async Task<ServiceEntryView> GetServiceAsync(string name, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, ServicePath(name));
        return await SendAsync<ServiceEntryView>(message, cancellationToken);
    }

    /// <summary><c>PUT /api/services/{name}</c>: registers the service or changes its team and description (either way, the entry as stored).</summary>
    public async Task<ServiceEntryView> PutServiceAsync(string name, ServiceRequest service, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Put, ServicePath(name));
        message.Content = JsonContent.Create(service, options: ContractJson.Options);
        return await SendAsync<ServiceEntryView>(message, cancellationToken);
    }

    /// <summary><c>DELETE /api/services/{name}</c>: removes the service from the catalog.</summary>
    public async Task RemoveServiceAsync(string name, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Delete, ServicePath(name));
        await SendAsync(message, cancellationToken);
    }

    private static string ServicePath(string name) => $"api/services/{Uri.EscapeDataString(name)}";
}
