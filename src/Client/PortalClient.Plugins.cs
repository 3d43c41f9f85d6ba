using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/plugins</c>: every plugin folder and what became of it at load.</summary>
    public async Task<IReadOnlyList<PluginView>> ListPluginsAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/plugins");
        return await SendAsync<List<PluginView>>(message, cancellationToken);
    }
}
