namespace PortalRelease.Portal.Plugins;

public sealed partial class PluginCatalog
{
    /// <summary>The plugin loaded from (or refused in) a folder, or <c>null</c> when the catalog has none there.</summary>
    public PluginInfo? Find(string folder) => Current.Plugins.FirstOrDefault(p => p.Folder == folder);

    /// <summary>
    /// Loads, reloads or unloads the given plugin folders as they are on disk now, keeping every other plugin as it is.
    /// The caller decides whether a folder may change (no release in flight uses it): this only does it. The replaced
    /// load contexts are unloaded after the new set is in place, so a reader never finds a kind missing in between.
    /// </summary>
    public void Reload(IReadOnlyCollection<string> folders)
    {
        if (folders.Count == 0)
        {
            return;
        }
        var names = folders.ToHashSet(StringComparer.Ordinal);
        List<PluginLoadOutcome> replaced;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var old = _set ?? LoadAll();
            var builder = new PluginSetBuilder();
            // Untouched plugins go in first, so a changed folder cannot take a kind from one that keeps running.
            foreach (var kept in old.Outcomes.Where(o => !names.Contains(o.Info.Folder)))
            {
                builder.Add(kept);
            }
            replaced = [.. old.Outcomes.Where(o => names.Contains(o.Info.Folder))];
            foreach (var name in names.Order(StringComparer.Ordinal))
            {
                var folder = Path.Combine(PluginsDirectory, name);
                var previous = replaced.FirstOrDefault(o => o.Info.Folder == name);
                if (!Directory.Exists(folder))
                {
                    logger.LogInformation("Unloaded plugin {PluginId}: its folder {PluginFolder} was removed", previous?.Info.Id ?? name, name);
                    continue;
                }
                var outcome = _activator.Activate(folder, builder);
                if (previous is not null && outcome.Info.Status == PluginStatus.Loaded)
                {
                    outcome = outcome with { Info = outcome.Info with { ReloadedAt = outcome.Info.LoadedAt } };
                }
                builder.Add(outcome);
                Log(outcome.Info);
            }
            Volatile.Write(ref _set, builder.Build());
        }
        foreach (var outcome in replaced)
        {
            outcome.Handle?.Dispose();
        }
        Changed?.Invoke();
    }

    /// <summary>Notes (or, with <c>null</c>, clears) a change to the folder that has to wait.</summary>
    public void SetPending(string folder, string? pending)
    {
        lock (_gate)
        {
            if (_disposed || _set is null || _set.Plugins.FirstOrDefault(p => p.Folder == folder) is not { } info || info.Pending == pending)
            {
                return;
            }
            Volatile.Write(ref _set, _set.WithInfo(folder, i => i with { Pending = pending }));
        }
        if (pending is not null)
        {
            logger.LogInformation("Plugin folder {PluginFolder} changed: {Pending}", folder, pending);
        }
        Changed?.Invoke();
    }
}
