using System.Text.Json;

namespace PortalRelease.Sdk;

/// <summary>A configured target as a driver or metric source sees it.</summary>
public sealed class TargetContext
{
    /// <summary>The operator's name for the target, e.g. <c>k8s-eu</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The driver kind of the target.</summary>
    public required string Kind { get; init; }

    /// <summary>The target's settings, already validated against the driver's schema.</summary>
    public required JsonElement Settings { get; init; }
}
