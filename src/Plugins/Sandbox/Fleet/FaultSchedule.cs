using PortalRelease.Plugins.Sandbox.Settings;

namespace PortalRelease.Plugins.Sandbox.Fleet;

/// <summary>Decides when an injected fault is active; shared by metrics and status so they always agree.</summary>
internal static class FaultSchedule
{
    /// <summary>
    /// Whether <paramref name="version"/> misbehaves at <paramref name="instant"/>: it matches the fault's pattern and
    /// <see cref="FaultSettings.AfterSeconds"/> have passed since it first received traffic (<paramref name="trafficSince"/>).
    /// </summary>
    public static bool IsActive(FaultSettings? fault, string? version, DateTimeOffset? trafficSince, DateTimeOffset instant) =>
        fault is not null
        && trafficSince is { } since
        && fault.VersionPattern.IsMatch(version)
        && instant >= since + TimeSpan.FromSeconds(fault.AfterSeconds);
}
