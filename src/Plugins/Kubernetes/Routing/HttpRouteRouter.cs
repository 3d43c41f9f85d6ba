using System.Text.Json.Nodes;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Plugins.Kubernetes.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Routing;

/// <summary>
/// Gateway API HTTPRoute (gateway.networking.k8s.io/v1): weights on the rule's <c>backendRefs</c>, and mirroring with a
/// <c>RequestMirror</c> filter whose <c>percent</c> (GEP-3171, standard channel) copies that share of requests to the canary.
/// </summary>
internal sealed class HttpRouteRouter(KubeApi api, KubernetesSettings settings) : TrafficRouter(api, settings, CustomResource.HttpRoute)
{
    protected override void Apply(JsonObject spec, int? weight, int mirrorPercent)
    {
        var touched = false;
        foreach (var rule in Rules(spec))
        {
            if (rule["backendRefs"] is not JsonArray refs || FindRef(refs, Stable) is not { } stable)
            {
                continue;
            }

            touched = true;
            var canaries = refs.OfType<JsonObject>().Where(r => IsService(r, Canary)).ToList();
            foreach (var canary in canaries)
            {
                refs.Remove(canary);
            }

            var mirrored = SetMirror(rule, stable, weight is null ? 0 : mirrorPercent);
            // Clearing a rule the canary never touched leaves it as the operator wrote it.
            if (weight is { } w)
            {
                stable["weight"] = 100 - w;
                refs.Add(BackendRef(stable, w));
            }
            else if (canaries.Count > 0 || mirrored)
            {
                stable["weight"] = 100;
            }
        }

        if (!touched)
        {
            throw new DriverException(NoStableRule());
        }
    }

    protected override RouteWeights Read(JsonObject spec)
    {
        foreach (var rule in Rules(spec))
        {
            if (rule["backendRefs"] is not JsonArray refs || FindRef(refs, Stable) is not { } stable)
            {
                continue;
            }

            var canaryWeight = FindRef(refs, Canary) is { } canary ? Weight(canary) : 0;
            var mirror = (rule["filters"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(IsCanaryMirror);
            var percent = mirror?["requestMirror"]?["percent"]?.GetValue<int>() ?? (mirror is null ? 0 : 100);
            return new RouteWeights(Percent(canaryWeight, Weight(stable) + canaryWeight), percent);
        }

        return default;
    }

    /// <summary>Replaces the rule's mirror to the canary; true when one was there before.</summary>
    private bool SetMirror(JsonObject rule, JsonObject stable, int percent)
    {
        var filters = rule["filters"] as JsonArray;
        var existing = filters?.OfType<JsonObject>().Where(IsCanaryMirror).ToList() ?? [];
        foreach (var mirror in existing)
        {
            filters!.Remove(mirror);
        }

        if (percent > 0)
        {
            filters ??= [];
            var backendRef = new JsonObject { ["name"] = Canary };
            if (stable["port"] is { } port)
            {
                backendRef["port"] = port.DeepClone();
            }

            filters.Add(new JsonObject
            {
                ["type"] = "RequestMirror",
                ["requestMirror"] = new JsonObject { ["backendRef"] = backendRef, ["percent"] = percent },
            });
            rule["filters"] = filters;
        }
        else if (filters is { Count: 0 })
        {
            rule.Remove("filters");
        }

        return existing.Count > 0;
    }

    private bool IsCanaryMirror(JsonObject filter) =>
        filter["type"]?.GetValue<string>() == "RequestMirror" && filter["requestMirror"]?["backendRef"] is JsonObject target && IsService(target, Canary);

    private JsonObject BackendRef(JsonObject stable, int weight)
    {
        var canary = new JsonObject { ["name"] = Canary };
        if (stable["port"] is { } port)
        {
            canary["port"] = port.DeepClone();
        }

        canary["weight"] = weight;
        return canary;
    }

    private static IEnumerable<JsonObject> Rules(JsonObject spec) => (spec["rules"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static JsonObject? FindRef(JsonArray refs, string service) => refs.OfType<JsonObject>().FirstOrDefault(r => IsService(r, service));

    // A backendRef is a Service when its kind (and group) are absent or name the core Service.
    private static bool IsService(JsonObject backendRef, string name) =>
        backendRef["name"]?.GetValue<string>() == name
        && (backendRef["kind"]?.GetValue<string>() ?? "Service") == "Service"
        && (backendRef["group"]?.GetValue<string>() ?? "") == "";

    // Gateway API's default weight is 1.
    private static int Weight(JsonObject backendRef) => backendRef["weight"]?.GetValue<int>() ?? 1;
}
