using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>
/// <c>--meta KEY=VALUE</c>: the release's delivery metadata (the create body's <c>metadata</c>). The keys are
/// <c>team</c>, <c>service</c>, <c>commit</c> (the commit's time, sent as <c>commitAt</c>), <c>build</c> (the build's
/// time, sent as <c>buildAt</c>) and <c>fixes</c> (the id of the release this one fixes). Times are passed through as
/// written: the portal checks them (ISO-8601 with a zone, not in the future) and names <c>metadata.commitAt</c> or
/// <c>metadata.buildAt</c> when one is wrong, as it checks team, service and fixes against its catalog.
/// </summary>
public static class MetadataValues
{
    /// <summary>The keys <c>--meta</c> takes, in the order the help and messages list them.</summary>
    public static readonly IReadOnlyList<string> Keys = ["team", "service", "commit", "build", "fixes"];

    /// <summary>
    /// The metadata (null when no pair was given), or null with the first unknown, repeated or malformed pair in
    /// <paramref name="error"/>: a mistake the tool can see itself is refused before any request.
    /// </summary>
    public static ReleaseMetadataRequest? Parse(IEnumerable<string> pairs, out string? error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"--meta takes KEY=VALUE with KEY one of {string.Join(", ", Keys)}; got '{pair}'.";
                return null;
            }
            var key = pair[..equals].Trim();
            if (!Keys.Contains(key, StringComparer.Ordinal))
            {
                error = $"--meta has no key '{key}': use {string.Join(", ", Keys)}.";
                return null;
            }
            var value = pair[(equals + 1)..].Trim();
            if (value.Length == 0)
            {
                error = $"--meta {key} needs a value ({key}=…).";
                return null;
            }
            if (!values.TryAdd(key, value))
            {
                error = $"--meta {key} is given twice.";
                return null;
            }
        }
        error = null;
        return values.Count == 0 ? null : new ReleaseMetadataRequest(
            values.GetValueOrDefault("team"), values.GetValueOrDefault("service"), values.GetValueOrDefault("commit"),
            values.GetValueOrDefault("build"), values.GetValueOrDefault("fixes"));
    }
}
