namespace PortalRelease.Sdk.Testing;

/// <summary>
/// An <see cref="IPluginRegistrar"/> that captures what a plugin's <see cref="IPortalPlugin.Register"/> adds,
/// so a test can host a plugin the way the portal does and take its drivers and sources.
/// </summary>
public sealed class FakePluginRegistrar : IPluginRegistrar
{
    private readonly List<ITargetDriver> _drivers = [];
    private readonly List<IMetricSource> _sources = [];

    /// <summary>Creates a registrar offering the given host services.</summary>
    /// <param name="host">What the plugin sees as the host; see <see cref="TestPluginHost"/>.</param>
    public FakePluginRegistrar(PluginHostContext host)
    {
        ArgumentNullException.ThrowIfNull(host);
        Host = host;
    }

    /// <inheritdoc />
    public PluginHostContext Host { get; }

    /// <summary>The target drivers added so far, in order.</summary>
    public IReadOnlyList<ITargetDriver> TargetDrivers => _drivers;

    /// <summary>The metric sources added so far, in order.</summary>
    public IReadOnlyList<IMetricSource> MetricSources => _sources;

    /// <inheritdoc />
    public void AddTargetDriver(ITargetDriver driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        _drivers.Add(driver);
    }

    /// <inheritdoc />
    public void AddMetricSource(IMetricSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _sources.Add(source);
    }

    /// <summary>Calls <paramref name="plugin"/>'s <see cref="IPortalPlugin.Register"/> against a new registrar.</summary>
    /// <param name="plugin">The plugin to register.</param>
    /// <param name="host">The host services it sees.</param>
    /// <returns>The registrar holding what the plugin added.</returns>
    public static FakePluginRegistrar Register(IPortalPlugin plugin, PluginHostContext host)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        var registrar = new FakePluginRegistrar(host);
        plugin.Register(registrar);
        return registrar;
    }

    /// <summary>The one driver of the given kind the plugin added.</summary>
    /// <param name="kind">The target kind.</param>
    /// <exception cref="InvalidOperationException">The plugin added no driver, or several, of that kind.</exception>
    public ITargetDriver Driver(string kind)
    {
        var matches = _drivers.Where(d => d.Kind == kind).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException(
                $"The plugin added {matches.Count} target drivers of kind '{kind}' (kinds added: {string.Join(", ", _drivers.Select(d => d.Kind))}); expected exactly one.");
    }
}
