using Microsoft.Extensions.Time.Testing;

namespace PortalRelease.Sdk.Testing;

/// <summary>
/// A <see cref="PluginHostContext"/> for tests: a fresh temporary data directory, deleted on dispose, and a
/// clock the test moves by hand, and a <see cref="TestHostPolicy"/> the test configures (loopback only until told more).
/// </summary>
public sealed class TestPluginHost : IDisposable
{
    /// <summary>The instant the clock starts at unless told otherwise.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Creates a host over a new temporary folder, offering no state store and no locks (as an older portal).</summary>
    /// <param name="start">Where the clock starts; <see cref="DefaultStart"/> when omitted.</param>
    public TestPluginHost(DateTimeOffset? start = null)
        : this(start, null)
    {
    }

    private TestPluginHost(DateTimeOffset? start, InMemoryPluginState? state)
    {
        DataDirectory = Directory.CreateTempSubdirectory("portalrelease-plugin-").FullName;
        Time = new FakeTimeProvider(start ?? DefaultStart);
        Policy = new TestHostPolicy(DataDirectory);
        Context = new PluginHostContext { DataDirectory = DataDirectory, Time = Time, Policy = Policy, State = state, Locks = state };
    }

    /// <summary>
    /// A host over a new temporary folder that offers <paramref name="state"/> as <see cref="PluginHostContext.State"/>
    /// and <see cref="PluginHostContext.Locks"/>: give two hosts one instance to play two portal nodes sharing a database.
    /// </summary>
    /// <param name="state">The shared state.</param>
    /// <param name="start">Where the clock starts; <see cref="DefaultStart"/> when omitted.</param>
    public static TestPluginHost Sharing(InMemoryPluginState state, DateTimeOffset? start = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new TestPluginHost(start, state);
    }

    /// <summary>The plugin's private data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>The clock; call <see cref="FakeTimeProvider.Advance"/> to move it (timers and delays fire).</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The policy the plugin sees as <see cref="PluginHostContext.Policy"/>; change it at any time.</summary>
    public TestHostPolicy Policy { get; }

    /// <summary>What the plugin sees through <see cref="IPluginRegistrar.Host"/>.</summary>
    public PluginHostContext Context { get; }

    /// <summary>Registers <paramref name="plugin"/> against this host, as the portal does on load.</summary>
    /// <param name="plugin">The plugin.</param>
    public FakePluginRegistrar Register(IPortalPlugin plugin) => FakePluginRegistrar.Register(plugin, Context);

    /// <summary>Deletes the data directory.</summary>
    public void Dispose()
    {
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
