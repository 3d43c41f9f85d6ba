using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// Collects one plugin's contributions during <see cref="IPortalPlugin.Register"/>. Nothing reaches the catalog
/// until the whole registration has succeeded and been checked, so a failing plugin registers nothing.
/// </summary>
internal sealed class PluginRegistrar(PluginHostContext host) : IPluginRegistrar
{
    private readonly List<ITargetDriver> _drivers = [];
    private readonly List<IMetricSource> _sources = [];
    private readonly List<string> _problems = [];
    private bool _sealed;

    public PluginHostContext Host { get; } = host;

    public IReadOnlyList<ITargetDriver> Drivers => _drivers;

    public IReadOnlyList<IMetricSource> Sources => _sources;

    /// <summary>Mistakes made while registering (duplicates, missing kinds), as sentences.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public void AddTargetDriver(ITargetDriver driver)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(driver);
        Add(_drivers, driver, driver.Kind, "target driver", d => d.Kind);
    }

    public void AddMetricSource(IMetricSource source)
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(source);
        Add(_sources, source, source.Kind, "metric source", s => s.Kind);
    }

    /// <summary>Refuses registrations after <see cref="IPortalPlugin.Register"/> has returned.</summary>
    public void Seal() => _sealed = true;

    private void Add<T>(List<T> items, T item, string? kind, string what, Func<T, string> kindOf)
    {
        if (string.IsNullOrWhiteSpace(kind))
        {
            _problems.Add($"Register added a {what} ({item!.GetType().FullName}) with an empty kind.");
            return;
        }
        if (items.Any(existing => string.Equals(kindOf(existing), kind, StringComparison.OrdinalIgnoreCase)))
        {
            _problems.Add($"Register added more than one {what} of kind '{kind}'.");
            return;
        }
        items.Add(item);
    }

    private void EnsureOpen()
    {
        if (_sealed)
        {
            throw new InvalidOperationException("Plugins may only register drivers and metric sources during IPortalPlugin.Register.");
        }
    }
}
