using System.Text.Json.Nodes;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Plugins.Kubernetes.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Routing;

/// <summary>
/// Istio VirtualService (networking.istio.io/v1): weights on the <c>http[].route[]</c> destinations, mirroring with the
/// route's <c>mirror</c> and <c>mirrorPercentage</c>. A destination host may be the short Service name or its FQDN; the
/// canary's destination is written in the same form as the stable one's.
/// </summary>
internal sealed class VirtualServiceRouter(KubeApi api, KubernetesSettings settings) : TrafficRouter(api, settings, CustomResource.VirtualService)
{
    protected override void Apply(JsonObject spec, int? weight, int mirrorPercent)
    {
        var touched = false;
        foreach (var http in (spec["http"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (http["route"] is not JsonArray routes || Find(routes, Stable) is not { } stable)
            {
                continue;
            }

            touched = true;
            var canaries = routes.OfType<JsonObject>().Where(r => IsHost(r["destination"] as JsonObject, Canary)).ToList();
            foreach (var canary in canaries)
            {
                routes.Remove(canary);
            }

            var mirrored = IsHost(http["mirror"] as JsonObject, Canary);
            if (mirrored)
            {
                http.Remove("mirror");
                http.Remove("mirrorPercentage");
            }

            var destination = CanaryDestination((JsonObject)stable["destination"]!);
            // Clearing a route the canary never touched leaves it as the operator wrote it.
            if (weight is { } w)
            {
                stable["weight"] = 100 - w;
                routes.Add(new JsonObject { ["destination"] = destination.DeepClone(), ["weight"] = w });
            }
            else if (canaries.Count > 0 || mirrored)
            {
                stable["weight"] = 100;
            }

            if (weight is not null && mirrorPercent > 0)
            {
                http["mirror"] = destination;
                http["mirrorPercentage"] = new JsonObject { ["value"] = mirrorPercent };
            }
        }

        if (!touched)
        {
            throw new DriverException(NoStableRule());
        }
    }

    protected override RouteWeights Read(JsonObject spec)
    {
        foreach (var http in (spec["http"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (http["route"] is not JsonArray routes || Find(routes, Stable) is not { } stable)
            {
                continue;
            }

            var canaryWeight = Find(routes, Canary)?["weight"]?.GetValue<int>() ?? 0;
            var stableWeight = stable["weight"]?.GetValue<int>() ?? (canaryWeight == 0 ? 100 : 0);
            var mirror = IsHost(http["mirror"] as JsonObject, Canary) ? (int)(http["mirrorPercentage"]?["value"]?.GetValue<double>() ?? 100) : 0;
            return new RouteWeights(Percent(canaryWeight, stableWeight + canaryWeight), mirror);
        }

        return default;
    }

    private JsonObject CanaryDestination(JsonObject stable)
    {
        var destination = (JsonObject)stable.DeepClone();
        var host = stable["host"]!.GetValue<string>();
        destination["host"] = Canary + host[Stable.Length..];
        destination.Remove("subset");
        return destination;
    }

    private static JsonObject? Find(JsonArray routes, string service) =>
        routes.OfType<JsonObject>().FirstOrDefault(r => IsHost(r["destination"] as JsonObject, service));

    // "web", "web.shop", "web.shop.svc.cluster.local" all name Service web.
    private static bool IsHost(JsonObject? destination, string service) =>
        destination?["host"]?.GetValue<string>() is { } host && (host == service || host.StartsWith(service + ".", StringComparison.Ordinal));
}
