using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>Accumulates load outcomes in folder order and answers which id and kinds are already taken.</summary>
internal sealed class PluginSetBuilder
{
    private readonly List<PluginLoadOutcome> _outcomes = [];
    private readonly Dictionary<string, ITargetDriver> _drivers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IMetricSource> _sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _targetKindOwners = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _metricKindOwners = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _foldersById = new(StringComparer.Ordinal);

    /// <summary>The folder of the loaded plugin with this id, if any.</summary>
    public string? FolderOf(string id) => _foldersById.GetValueOrDefault(id);

    /// <summary>The id of the loaded plugin that provides this target kind, if any.</summary>
    public string? TargetKindOwner(string kind) => _targetKindOwners.GetValueOrDefault(kind);

    /// <summary>The id of the loaded plugin that provides this metric kind, if any.</summary>
    public string? MetricKindOwner(string kind) => _metricKindOwners.GetValueOrDefault(kind);

    public void Add(PluginLoadOutcome outcome)
    {
        var info = outcome.Info;
        _outcomes.Add(outcome);
        if (outcome.Handle is null)
        {
            return;
        }
        _foldersById[info.Id] = info.Folder;
        foreach (var driver in outcome.Drivers)
        {
            _drivers[driver.Kind] = driver;
            _targetKindOwners[driver.Kind] = info.Id;
        }
        foreach (var source in outcome.Sources)
        {
            _sources[source.Kind] = source;
            _metricKindOwners[source.Kind] = info.Id;
        }
    }

    /// <summary>The set, listed in folder-name order whatever order the folders were loaded in.</summary>
    public PluginSet Build() => new([.. _outcomes.OrderBy(o => o.Info.Folder, StringComparer.Ordinal)], _drivers, _sources);
}
