namespace PortalRelease.Sdk;

/// <summary>Collects what a plugin contributes to the portal during <see cref="IPortalPlugin.Register"/>.</summary>
public interface IPluginRegistrar
{
    /// <summary>Services the host offers to plugins.</summary>
    PluginHostContext Host { get; }

    /// <summary>Adds a target driver. Its <see cref="ITargetDriver.Kind"/> must be listed in the manifest's target kinds.</summary>
    /// <param name="driver">The driver; one instance serves every target of its kind and must be thread-safe.</param>
    void AddTargetDriver(ITargetDriver driver);

    /// <summary>Adds a metric source. Its <see cref="IMetricSource.Kind"/> must be listed in the manifest's metric kinds.</summary>
    /// <param name="source">The source; one instance serves every query and must be thread-safe.</param>
    void AddMetricSource(IMetricSource source);
}
