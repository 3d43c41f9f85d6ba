using System.Text.Json.Nodes;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Plugins.Kubernetes.Settings;

namespace PortalRelease.Plugins.Kubernetes.Routing;

/// <summary>The canary's share as a route says it: weighted traffic and mirrored copies.</summary>
internal readonly record struct RouteWeights(int CanaryWeight, int MirrorPercent);

/// <summary>
/// Moves traffic between the stable and canary Services by rewriting one route object (HTTPRoute or VirtualService)
/// under optimistic concurrency: each write carries the resourceVersion read, and a 409 re-reads and re-applies.
/// Only the rules that send traffic to the stable Service are touched; anything else in the object is kept.
/// </summary>
internal abstract class TrafficRouter(KubeApi api, KubernetesSettings settings, CustomResource resource)
{
    protected KubernetesSettings Settings { get; } = settings;

    protected string Stable => Settings.StableService!;

    protected string Canary => Settings.CanaryService!;

    public static TrafficRouter For(KubeApi api, KubernetesSettings settings) => settings.Routing == RoutingKind.VirtualService
        ? new VirtualServiceRouter(api, settings)
        : new HttpRouteRouter(api, settings);

    /// <summary>Sends <paramref name="weight"/>% of traffic to the canary and mirrors <paramref name="mirrorPercent"/>% to it.</summary>
    public Task SetAsync(int weight, int mirrorPercent, CancellationToken cancellationToken) =>
        UpdateAsync(spec => Apply(spec, weight, mirrorPercent), cancellationToken);

    /// <summary>All traffic to the stable Service; the canary's backends and mirrors are removed.</summary>
    public Task ClearAsync(CancellationToken cancellationToken) =>
        UpdateAsync(spec => Apply(spec, null, 0), cancellationToken);

    public async Task<RouteWeights> ReadAsync(CancellationToken cancellationToken)
    {
        var route = await api.ReadCustomObjectAsync(resource, Settings.Route!, cancellationToken);
        return Read(route["spec"] as JsonObject ?? []);
    }

    /// <summary>Rewrites the stable rules; a null weight removes the canary. Throws when no rule sends traffic to the stable Service.</summary>
    protected abstract void Apply(JsonObject spec, int? weight, int mirrorPercent);

    protected abstract RouteWeights Read(JsonObject spec);

    protected string NoStableRule() =>
        $"{resource.Kind} {api.Namespace}/{Settings.Route} has no rule that sends traffic to Service '{Stable}': add one (the driver only reweights existing rules).";

    protected static int Percent(double part, double whole) => whole <= 0 ? 0 : (int)Math.Round(part * 100 / whole);

    private async Task UpdateAsync(Action<JsonObject> change, CancellationToken cancellationToken) =>
        await api.UpdateCustomObjectAsync(resource, Settings.Route!, route =>
        {
            var before = route.ToJsonString();
            if (route["spec"] is not JsonObject spec)
            {
                throw new Sdk.DriverException($"{resource.Kind} {api.Namespace}/{Settings.Route} has no spec.");
            }

            change(spec);
            return route.ToJsonString() != before;
        }, cancellationToken);
}
