using System.Net.Http.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/tokens</c>: the caller's own API tokens, live and revoked (never their values).</summary>
    public async Task<IReadOnlyList<ApiTokenView>> ListTokensAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/tokens");
        return await SendAsync<List<ApiTokenView>>(message, cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/tokens</c>: a new token acting as the caller, narrowed by the request's scope. Its
    /// <see cref="CreatedApiTokenView.Value"/> is shown this once. Only a person signed in may create one: a call made
    /// with an API token is refused (403), so a leaked token cannot mint others.
    /// </summary>
    public async Task<CreatedApiTokenView> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, "api/tokens");
        message.Content = JsonContent.Create(request, options: ContractJson.Options);
        return await SendAsync<CreatedApiTokenView>(message, cancellationToken);
    }

    /// <summary><c>DELETE /api/tokens/{id}</c>: revokes one of the caller's tokens (a 404 <see cref="PortalApiException"/> when it has no live one by that id).</summary>
    public async Task RevokeTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Delete, $"api/tokens/{Uri.EscapeDataString(id)}");
        await SendAsync(message, cancellationToken);
    }
}
