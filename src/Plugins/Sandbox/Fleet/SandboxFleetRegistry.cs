using System.Collections.Concurrent;
using PortalRelease.Plugins.Sandbox.Ledger;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Fleet;

/// <summary>
/// The simulated fleets of every sandbox target, shared by the driver (which changes them) and the metric source (which
/// reads them). Their ledgers live in the host's state store when it offers one (shared by every node of a cluster), in
/// files under the data directory otherwise (older hosts, test hosts).
/// </summary>
internal sealed class SandboxFleetRegistry : IDisposable
{
    // "ledger/" + name + "/" + ten digits must fit a state key.
    private const int MaxStoredNameLength = PluginStateLimits.MaxKeyLength - 18;

    private readonly ConcurrentDictionary<string, TargetFleet> _fleets = new(StringComparer.Ordinal);

    public SandboxFleetRegistry(PluginHostContext host)
    {
        DataDirectory = host.DataDirectory;
        Time = host.Time;
        State = host.State;
        Locks = host.Locks;
    }

    public string DataDirectory { get; }

    public TimeProvider Time { get; }

    public IPluginStateStore? State { get; }

    public IPluginLockProvider? Locks { get; }

    /// <summary>The fleet of a target, loading it from its ledger on first use.</summary>
    public TargetFleet Get(TargetContext target)
    {
        if (!string.Equals(target.Kind, SandboxPlugin.Kind, StringComparison.Ordinal))
        {
            throw new DriverException($"Target '{target.Name}' is of kind '{target.Kind}'; the sandbox only serves targets of kind '{SandboxPlugin.Kind}'.");
        }

        // The name becomes a file name or part of a state key: refuse anything that could escape either.
        var name = target.Name;
        if (string.IsNullOrWhiteSpace(name) || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0
            || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Any(char.IsControl) || name.Length > MaxStoredNameLength)
        {
            throw new DriverException($"The sandbox cannot keep state for a target named '{Excerpt(name)}': use a name of at most {MaxStoredNameLength} characters without path separators or control characters.");
        }

        return _fleets.GetOrAdd(name, n => new TargetFleet(n, State is null ? new SandboxLedger(DataDirectory, n) : new StoreLedger(State, Locks, n), Time));
    }

    /// <summary>Ends the fleets' in-memory gates when the plugin is unloaded; the ledgers keep everything.</summary>
    public void Dispose()
    {
        foreach (var fleet in _fleets.Values)
        {
            fleet.Dispose();
        }
    }

    private static string Excerpt(string name) => name.Length <= 40 ? name : name[..40] + "…";
}
