namespace PortalRelease.Portal.Plugins;

public sealed partial class PluginCatalog
{
    private PluginSet LoadAll()
    {
        if (!Directory.Exists(PluginsDirectory))
        {
            logger.LogInformation("No plugins loaded: the plugins directory {PluginsDirectory} does not exist", PluginsDirectory);
            return PluginSet.Empty;
        }
        if (!trust.DevelopmentMode && !trust.BuiltIns.Found)
        {
            logger.LogWarning("No built-in plugin manifest at {Manifest}: only plugins in Portal:Plugins:Allowed load", trust.BuiltIns.Path);
        }
        PluginFolderPermissions.WarnIfOpen(PluginsDirectory, logger);
        var builder = new PluginSetBuilder();
        foreach (var folder in PluginFolders())
        {
            PluginFolderPermissions.WarnIfOpen(folder, logger);
            var outcome = _activator.Activate(folder, builder);
            builder.Add(outcome);
            Log(outcome.Info);
        }
        var set = builder.Build();
        logger.LogInformation(
            "Plugins: {Loaded} loaded, {NotLoaded} not loaded, from {PluginsDirectory}",
            set.Plugins.Count(p => p.Status == PluginStatus.Loaded), set.Plugins.Count(p => p.Status != PluginStatus.Loaded), PluginsDirectory);
        return set;
    }

    private List<string> PluginFolders()
    {
        try
        {
            // Folder-name order makes "who came first" deterministic when two plugins claim the same kind.
            return Directory.GetDirectories(PluginsDirectory).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogError(ex, "No plugins loaded: the plugins directory {PluginsDirectory} could not be listed", PluginsDirectory);
            return [];
        }
    }

    private void Log(PluginInfo info)
    {
        if (info.Status == PluginStatus.Loaded)
        {
            logger.LogInformation(
                "Loaded plugin {PluginId} {PluginVersion} from {PluginFolder} (target kinds: {TargetKinds}; metric kinds: {MetricKinds}; sha256 {PluginHash})",
                info.Id, info.Version, info.Folder, string.Join(", ", info.TargetKinds), string.Join(", ", info.MetricKinds), info.Hash);
        }
        else
        {
            logger.LogWarning("Plugin {PluginId} in folder {PluginFolder} is {PluginStatus}: {Reason}", info.Id, info.Folder, info.Status, info.Reason);
        }
    }
}
