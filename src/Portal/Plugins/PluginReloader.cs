namespace PortalRelease.Portal.Plugins;

/// <summary>
/// Decides what a change to plugin folders does: a new folder is loaded, a changed one reloaded, a removed one
/// unloaded; a loaded plugin that a release in flight uses keeps running, marked "reload pending", until the
/// releases using it settle. The trust check runs on every load, so a reload never bypasses the allowlist.
/// </summary>
public sealed class PluginReloader(PluginCatalog catalog, PluginUsage usage) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Applies the folders' current state on disk. Returns the folders that were loaded, reloaded or unloaded.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(IReadOnlyCollection<string> folders, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var ready = new List<string>();
            foreach (var folder in folders.Order(StringComparer.Ordinal))
            {
                if (await ReadyAsync(folder, cancellationToken))
                {
                    ready.Add(folder);
                }
            }
            catalog.Reload(ready);
            return ready;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<bool> ReadyAsync(string folder, CancellationToken cancellationToken)
    {
        var current = catalog.Find(folder);
        var exists = Directory.Exists(Path.Combine(catalog.PluginsDirectory, folder));
        if (current is null)
        {
            return exists;
        }
        if (current.Status != PluginStatus.Loaded)
        {
            // No code of it runs: looking again costs nothing and picks up a fixed manifest or a new allowlist entry.
            return true;
        }
        if (exists && !Changed(folder, current))
        {
            catalog.SetPending(folder, null);
            return false;
        }
        var users = await usage.ReleasesUsingAsync(current, cancellationToken);
        if (users.Count == 0)
        {
            return true;
        }
        var what = exists ? "Reload" : "Unload";
        catalog.SetPending(folder, $"{what} pending: in use by release {string.Join(", ", users)}; it happens when {(users.Count == 1 ? "that release settles" : "those releases settle")}.");
        return false;
    }

    private bool Changed(string folder, PluginInfo current)
    {
        try
        {
            return PluginFolderHash.Compute(Path.Combine(catalog.PluginsDirectory, folder)) != current.Sha256;
        }
        catch (PluginLoadException)
        {
            return true;
        }
    }
}
