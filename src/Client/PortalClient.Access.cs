using System.Net.Http.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/access/me</c>: who the portal takes the caller (the token) to be, and the grants that apply.</summary>
    public async Task<CallerView> GetCallerAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/access/me");
        return await SendAsync<CallerView>(message, cancellationToken);
    }

    /// <summary><c>GET /api/access/grants</c>: every grant, from the settings and the database (admins only).</summary>
    public async Task<IReadOnlyList<AccessGrantView>> ListGrantsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/access/grants");
        return await SendAsync<List<AccessGrantView>>(message, cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/access/grants</c>: gives a role (admins only). Bad input is a 400 <see cref="PortalApiException"/> with
    /// its <see cref="PortalApiException.FieldErrors"/>; the same grant twice is a 409.
    /// </summary>
    public async Task<AccessGrantView> AddGrantAsync(GrantRequest grant, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, "api/access/grants");
        message.Content = JsonContent.Create(grant, options: ContractJson.Options);
        return await SendAsync<AccessGrantView>(message, cancellationToken);
    }

    /// <summary><c>DELETE /api/access/grants/{id}</c>: removes a database grant (one from the settings is a 409: edit the file).</summary>
    public async Task RemoveGrantAsync(string id, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Delete, $"api/access/grants/{Uri.EscapeDataString(id)}");
        await SendAsync(message, cancellationToken);
    }
}
