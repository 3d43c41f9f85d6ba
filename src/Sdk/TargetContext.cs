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

    /// <summary>
    /// The target's secrets (the settings its schema marks <c>"writeOnly": true</c>), decrypted for this call and keyed by
    /// their path in the settings without the leading slash, e.g. <c>token</c> or <c>credentials/secretKey</c>. They are
    /// never part of <see cref="Settings"/>. Never log them or put them in messages; empty when the target has none.
    /// </summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
