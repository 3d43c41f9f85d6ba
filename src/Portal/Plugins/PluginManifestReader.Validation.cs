using System.Text.RegularExpressions;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

internal static partial class PluginManifestReader
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*\\z")]
    private static partial Regex LowerKebab();

    private static string? Validate(PluginManifest manifest, string folder)
    {
        // The id names the plugin's data folder, so it must be a safe path segment.
        if (string.IsNullOrEmpty(manifest.Id) || !LowerKebab().IsMatch(manifest.Id))
        {
            return $"The id '{manifest.Id}' in {PluginManifest.FileName} must be lower-case letters and digits separated by dashes, e.g. 'sandbox'.";
        }
        if (string.IsNullOrWhiteSpace(manifest.Version))
        {
            return $"The version in {PluginManifest.FileName} is empty.";
        }
        if (string.IsNullOrWhiteSpace(manifest.Assembly) || Path.IsPathRooted(manifest.Assembly))
        {
            return $"The assembly '{manifest.Assembly}' in {PluginManifest.FileName} must be a file name relative to the plugin folder.";
        }
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        if (!AssemblyPath(manifest, folder).StartsWith(root, StringComparison.Ordinal))
        {
            return $"The assembly '{manifest.Assembly}' in {PluginManifest.FileName} points outside the plugin folder.";
        }
        return ValidateKinds(manifest.TargetKinds, "targetKinds") ?? ValidateKinds(manifest.MetricKinds, "metricKinds");
    }

    private static string? ValidateKinds(IReadOnlyList<string>? kinds, string property)
    {
        if (kinds is null)
        {
            return null;
        }
        if (kinds.Any(string.IsNullOrWhiteSpace))
        {
            return $"{property} in {PluginManifest.FileName} contains an empty kind.";
        }
        var repeated = kinds.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return repeated is null ? null : $"{property} in {PluginManifest.FileName} lists '{repeated.Key}' more than once.";
    }
}
