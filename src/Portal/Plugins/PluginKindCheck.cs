using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>Checks that a plugin registered exactly the kinds its manifest declares, and that no one else provides them.</summary>
internal static class PluginKindCheck
{
    /// <summary>Kinds declared by the manifest that another loaded plugin already provides.</summary>
    public static string? Taken(PluginManifest manifest, PluginSetBuilder loaded)
    {
        var problems = (manifest.TargetKinds ?? [])
            .Select(kind => (kind, owner: loaded.TargetKindOwner(kind), what: "Target"))
            .Concat((manifest.MetricKinds ?? []).Select(kind => (kind, owner: loaded.MetricKindOwner(kind), what: "Metric")))
            .Where(p => p.owner is not null)
            .Select(p => $"{p.what} kind '{p.kind}' is already provided by plugin '{p.owner}'.")
            .ToList();
        return problems.Count == 0 ? null : string.Join(" ", problems);
    }

    /// <summary>Differences between what Register added and what the manifest declares.</summary>
    public static string? Mismatch(PluginManifest manifest, PluginRegistrar registrar)
    {
        var problems = registrar.Problems
            .Concat(Compare(manifest.TargetKinds, registrar.Drivers.Select(d => d.Kind), "target", "targetKinds", "driver"))
            .Concat(Compare(manifest.MetricKinds, registrar.Sources.Select(s => s.Kind), "metric", "metricKinds", "metric source"))
            .ToList();
        return problems.Count == 0 ? null : string.Join(" ", problems);
    }

    private static IEnumerable<string> Compare(IReadOnlyList<string>? declared, IEnumerable<string> registered, string what, string property, string provider)
    {
        var declaredSet = new HashSet<string>(declared ?? [], StringComparer.OrdinalIgnoreCase);
        var registeredSet = new HashSet<string>(registered, StringComparer.OrdinalIgnoreCase);
        foreach (var kind in registeredSet.Where(k => !declaredSet.Contains(k)))
        {
            yield return $"Register added a {provider} of {what} kind '{kind}', which plugin.json does not declare in {property}.";
        }
        foreach (var kind in declaredSet.Where(k => !registeredSet.Contains(k)))
        {
            yield return $"plugin.json declares {what} kind '{kind}' in {property}, but Register added no {provider} for it.";
        }
    }
}
