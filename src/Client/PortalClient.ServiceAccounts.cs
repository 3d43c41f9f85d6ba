using System.Net.Http.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

/// <summary>Service accounts, <c>/api/service-accounts</c> (admins only): principals for pipelines and bots, with tokens of their own.</summary>
public sealed partial class PortalClient
{
    /// <summary><c>GET /api/service-accounts</c>: every service account with its tokens (never their values).</summary>
    public async Task<IReadOnlyList<ServiceAccountView>> ListServiceAccountsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/service-accounts");
        return await SendAsync<List<ServiceAccountView>>(message, cancellationToken);
    }

    /// <summary><c>POST /api/service-accounts</c>: a new account (a taken name is a 409 <see cref="PortalApiException"/>).</summary>
    public async Task<ServiceAccountView> CreateServiceAccountAsync(CreateServiceAccountRequest account, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, "api/service-accounts");
        message.Content = JsonContent.Create(account, options: ContractJson.Options);
        return await SendAsync<ServiceAccountView>(message, cancellationToken);
    }

    /// <summary><c>DELETE /api/service-accounts/{name}</c>: disables the account and revokes its tokens (it is kept, so records still name it).</summary>
    public async Task DisableServiceAccountAsync(string name, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Delete, $"api/service-accounts/{Uri.EscapeDataString(name)}");
        await SendAsync(message, cancellationToken);
    }

    /// <summary><c>POST /api/service-accounts/{name}/tokens</c>: a token acting as the account; its value is shown this once.</summary>
    public async Task<CreatedApiTokenView> CreateServiceAccountTokenAsync(string name, CreateTokenRequest request, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, $"api/service-accounts/{Uri.EscapeDataString(name)}/tokens");
        message.Content = JsonContent.Create(request, options: ContractJson.Options);
        return await SendAsync<CreatedApiTokenView>(message, cancellationToken);
    }

    /// <summary><c>DELETE /api/service-accounts/{name}/tokens/{id}</c>: revokes one of the account's tokens.</summary>
    public async Task RevokeServiceAccountTokenAsync(string name, string id, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Delete, $"api/service-accounts/{Uri.EscapeDataString(name)}/tokens/{Uri.EscapeDataString(id)}");
        await SendAsync(message, cancellationToken);
    }
}
