using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/targets</c>: every deployment target, with which secrets are set (never their values).</summary>
    public async Task<IReadOnlyList<TargetView>> ListTargetsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/targets");
        return await SendAsync<List<TargetView>>(message, cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/targets/{name}/test</c>: asks the target's driver for its status with the stored settings and
    /// credentials. A test that ran and failed is a result (<see cref="TargetTestResultView.Ok"/> false), not an exception.
    /// </summary>
    public async Task<TargetTestResultView> TestTargetAsync(string name, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, $"api/targets/{Uri.EscapeDataString(name)}/test");
        return await SendAsync<TargetTestResultView>(message, cancellationToken);
    }

    /// <summary><c>GET /api/plugins</c>: every plugin folder and what became of it at load.</summary>
    public async Task<IReadOnlyList<PluginView>> ListPluginsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/plugins");
        return await SendAsync<List<PluginView>>(message, cancellationToken);
    }

    /// <summary><c>GET /api/access/me</c>: who the portal takes the caller (the token) to be.</summary>
    public async Task<CallerView> GetCallerAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/access/me");
        return await SendAsync<CallerView>(message, cancellationToken);
    }
}
