using System.Collections.Concurrent;
using PortalRelease.Plugins.Sandbox.Ledger;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Fleet;

/// <summary>The simulated fleets of every sandbox target, shared by the driver (which changes them) and the metric source (which reads them).</summary>
internal sealed class SandboxFleetRegistry
{
    private readonly ConcurrentDictionary<string, TargetFleet> _fleets = new(StringComparer.Ordinal);

    public SandboxFleetRegistry(string dataDirectory, TimeProvider time)
    {
        DataDirectory = dataDirectory;
        Time = time;
    }

    public string DataDirectory { get; }

    public TimeProvider Time { get; }

    /// <summary>The fleet of a target, loading it from its ledger on first use.</summary>
    public TargetFleet Get(TargetContext target)
    {
        if (!string.Equals(target.Kind, SandboxPlugin.Kind, StringComparison.Ordinal))
        {
            throw new DriverException($"Target '{target.Name}' is of kind '{target.Kind}'; the sandbox only serves targets of kind '{SandboxPlugin.Kind}'.");
        }

        // The name becomes a file name: refuse anything that could escape the data directory.
        var name = target.Name;
        if (string.IsNullOrWhiteSpace(name) || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0
            || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new DriverException($"The sandbox cannot keep state for a target named '{name}': use a name without path separators.");
        }

        return _fleets.GetOrAdd(name, n => new TargetFleet(n, new SandboxLedger(DataDirectory, n)));
    }
}
