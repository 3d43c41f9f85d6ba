using PortalRelease.Plugins.Serverless.Api;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless.Deployment;

/// <summary>A function version's health from its <c>State</c> and <c>LastUpdateStatus</c>.</summary>
internal static class FunctionHealth
{
    public static (TargetHealth Health, bool Ready, string? Problem) Of(FunctionConfiguration config)
    {
        var name = $"Lambda version {config.Version ?? "$LATEST"}";
        if (config.State == "Failed" || config.LastUpdateStatus == "Failed")
        {
            return (TargetHealth.Unhealthy, false, $"{name} failed: {config.StateReason ?? config.LastUpdateStatusReason ?? "no reason given"}");
        }
        if (config.State == "Pending" || config.LastUpdateStatus == "InProgress")
        {
            return (TargetHealth.Degraded, false, $"{name} is still being prepared (state {config.State ?? "?"}, update {config.LastUpdateStatus ?? "?"})");
        }
        return (TargetHealth.Healthy, true, null);
    }

    public static (TargetHealth Health, bool Ready, string? Problem) Worst(params (TargetHealth Health, bool Ready, string? Problem)[] all) =>
        (all.Max(h => h.Health), all.All(h => h.Ready), string.Join("; ", all.Select(h => h.Problem).OfType<string>()) is { Length: > 0 } text ? text : null);
}
