using System.Net.Http.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

/// <summary>
/// Built-in accounts, <c>/api/access/users</c> (admins only, and only in the Local sign-in mode: otherwise each call is a
/// 409 <see cref="PortalApiException"/>). A password is never sent in: creating an account and resetting its password
/// answer a one-time one.
/// </summary>
public sealed partial class PortalClient
{
    /// <summary><c>GET /api/access/users</c>: every built-in account.</summary>
    public async Task<IReadOnlyList<LocalUserView>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/access/users");
        return await SendAsync<List<LocalUserView>>(message, cancellationToken);
    }

    /// <summary><c>POST /api/access/users</c>: a new account and its one-time password (changed at the first sign-in).</summary>
    public async Task<LocalUserPasswordView> CreateUserAsync(CreateUserRequest user, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, "api/access/users");
        message.Content = JsonContent.Create(user, options: ContractJson.Options);
        return await SendAsync<LocalUserPasswordView>(message, cancellationToken);
    }

    /// <summary><c>GET /api/access/users/{id}</c>: one account.</summary>
    public async Task<LocalUserView> GetUserAsync(string id, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, UserPath(id));
        return await SendAsync<LocalUserView>(message, cancellationToken);
    }

    /// <summary><c>PATCH /api/access/users/{id}</c>: changes the display name and/or the groups (null leaves one as it is).</summary>
    public async Task<LocalUserView> UpdateUserAsync(string id, ChangeUserRequest change, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Patch, UserPath(id));
        message.Content = JsonContent.Create(change, options: ContractJson.Options);
        return await SendAsync<LocalUserView>(message, cancellationToken);
    }

    /// <summary><c>POST /api/access/users/{id}/disable</c>: the account can no longer sign in (its sessions end).</summary>
    public Task<LocalUserView> DisableUserAsync(string id, CancellationToken cancellationToken = default) => UserActionAsync<LocalUserView>(id, "disable", cancellationToken);

    /// <summary><c>POST /api/access/users/{id}/enable</c>: a disabled account may sign in again.</summary>
    public Task<LocalUserView> EnableUserAsync(string id, CancellationToken cancellationToken = default) => UserActionAsync<LocalUserView>(id, "enable", cancellationToken);

    /// <summary><c>POST /api/access/users/{id}/unlock</c>: ends a lock after too many failed sign-ins.</summary>
    public Task<LocalUserView> UnlockUserAsync(string id, CancellationToken cancellationToken = default) => UserActionAsync<LocalUserView>(id, "unlock", cancellationToken);

    /// <summary><c>POST /api/access/users/{id}/reset-password</c>: a new one-time password, shown this once.</summary>
    public Task<LocalUserPasswordView> ResetUserPasswordAsync(string id, CancellationToken cancellationToken = default) =>
        UserActionAsync<LocalUserPasswordView>(id, "reset-password", cancellationToken);

    private async Task<T> UserActionAsync<T>(string id, string action, CancellationToken cancellationToken)
    {
        using var message = Request(HttpMethod.Post, $"{UserPath(id)}/{action}");
        return await SendAsync<T>(message, cancellationToken);
    }

    private static string UserPath(string id) => $"api/access/users/{Uri.EscapeDataString(id)}";
}
