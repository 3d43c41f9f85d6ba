namespace PortalRelease.Portal.Plugins;

/// <summary>
/// Loads the plugins while the host is starting, before any hosted service's <c>StartAsync</c> runs, so the
/// release engine and the data seeding find the drivers in place whatever order they were registered in.
/// </summary>
internal sealed class PluginHostService(PluginCatalog catalog) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        catalog.EnsureLoaded();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
