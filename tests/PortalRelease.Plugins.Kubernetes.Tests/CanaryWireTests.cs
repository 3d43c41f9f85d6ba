using System.Text.Json.Nodes;
using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>Canary, mirror and promotion as the API server sees them: the exact writes, their content types and bodies.</summary>
public sealed class CanaryWireTests : IAsyncLifetime
{
    private KubernetesHarness _k8s = null!;

    public async Task InitializeAsync() => _k8s = await KubernetesHarness.StartAsync();

    public async Task DisposeAsync() => await _k8s.DisposeAsync();

    [Fact]
    public async Task Canary_weight_creates_the_canary_deployment_then_reweights_the_httproute()
    {
        var result = await _k8s.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 25);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal(
        [
            $"POST {ClusterSeed.Deployments}",
            $"PUT {ClusterSeed.CanaryService}",
            $"PUT {ClusterSeed.HttpRoute}",
            $"PUT {ClusterSeed.Workload}",
        ], _k8s.Writes());

        var create = _k8s.LastWrite("POST", ClusterSeed.Deployments);
        Assert.StartsWith("application/json", create.ContentType);
        var canary = create.Json!;
        Assert.Equal("web-canary", canary["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(1, canary["spec"]!["replicas"]!.GetValue<int>()); // 25% of 3 replicas, rounded up
        Assert.Equal($"{ClusterSeed.Image}:1.1.0", canary["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("web-canary", canary["spec"]!["selector"]!["matchLabels"]!["app"]!.GetValue<string>());
        Assert.Equal("frontend", canary["spec"]!["template"]!["metadata"]!["labels"]!["tier"]!.GetValue<string>());

        var service = _k8s.LastWrite("PUT", ClusterSeed.CanaryService).Json!;
        Assert.Equal("""{"app":"web-canary","portalrelease.dev/track":"canary"}""", service["spec"]!["selector"]!.ToJsonString());

        var route = _k8s.LastWrite("PUT", ClusterSeed.HttpRoute);
        Assert.StartsWith("application/json", route.ContentType);
        Assert.NotNull(route.Json!["metadata"]!["resourceVersion"]); // optimistic concurrency on every replace
        Assert.Equal(
            """[{"name":"web-stable","port":80,"weight":75},{"name":"web-canary","port":80,"weight":25}]""",
            route.Json["spec"]!["rules"]![0]!["backendRefs"]!.ToJsonString());
        Assert.Equal("""[{"name":"cdn-origin","port":80}]""", route.Json["spec"]!["rules"]![1]!["backendRefs"]!.ToJsonString());

        var status = await _k8s.StatusAsync();
        Assert.Equal(("0.9.0", "1.1.0", 25, true, TargetHealth.Healthy), (status.StableVersion, status.CanaryVersion, status.CanaryWeight, status.Ready, status.Health));
    }

    [Fact]
    public async Task Canary_waits_for_the_canary_rollout_on_a_watch_before_routing_traffic()
    {
        await _k8s.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 25);

        var requests = _k8s.Api.Requests.ToList();
        var watch = requests.FindIndex(r => r.IsWatch);
        Assert.True(watch > requests.FindIndex(r => r.Method == "POST"), "The watch starts after the canary is created.");
        Assert.True(watch < requests.FindIndex(r => r.Path == ClusterSeed.HttpRoute && r.Method == "PUT"), "Traffic moves only after the canary is ready.");
        Assert.Equal(ClusterSeed.Deployments, requests[watch].Path);
        Assert.Equal("metadata.name=web-canary", requests[watch].QueryValues["fieldSelector"]);
    }

    [Fact]
    public async Task Raising_the_weight_scales_the_canary_and_moves_the_route()
    {
        await _k8s.ApplyAsync("k-10", "1.1.0", Cohorts.Canary, 10);
        _k8s.Api.ClearRequests();

        await _k8s.ApplyAsync("k-50", "1.1.0", Cohorts.Canary, 50);

        Assert.Equal(
        [
            $"PUT {ClusterSeed.Canary}",
            $"PUT {ClusterSeed.HttpRoute}",
            $"PUT {ClusterSeed.Workload}",
        ], _k8s.Writes());
        Assert.Equal(2, _k8s.LastWrite("PUT", ClusterSeed.Canary).Json!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(50, (await _k8s.StatusAsync()).CanaryWeight);
    }

    [Fact]
    public async Task Promote_rolls_the_workload_to_the_new_image_then_removes_the_canary()
    {
        await _k8s.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 25);
        _k8s.Api.ClearRequests();

        var result = await _k8s.ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100);

        Assert.Equal(
        [
            $"PUT {ClusterSeed.Workload}",
            $"PUT {ClusterSeed.HttpRoute}",
            $"DELETE {ClusterSeed.Canary}",
            $"PUT {ClusterSeed.Workload}",
        ], _k8s.Writes());
        var workload = _k8s.Api.Requests.First(r => r.Method == "PUT" && r.Path == ClusterSeed.Workload).Json!;
        Assert.Equal($"{ClusterSeed.Image}:1.1.0", workload["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        var previous = JsonNode.Parse(workload["metadata"]!["annotations"]!["portalrelease.dev/previous"]!.GetValue<string>())!;
        Assert.Equal("0.9.0", previous["version"]!.GetValue<string>());
        Assert.Equal($"{ClusterSeed.Image}:0.9.0", previous["image"]!.GetValue<string>());
        Assert.Equal("""[{"name":"web-stable","port":80,"weight":100}]""", _k8s.LastWrite("PUT", ClusterSeed.HttpRoute).Json!["spec"]!["rules"]![0]!["backendRefs"]!.ToJsonString());
        Assert.Contains("Promoted 1.1.0", result.Detail);

        var status = await _k8s.StatusAsync();
        Assert.Equal(("1.1.0", (string?)null, 0, true), (status.StableVersion, status.CanaryVersion, status.CanaryWeight, status.Ready));
    }

    [Fact]
    public async Task Mirror_copies_a_percentage_of_requests_with_a_request_mirror_filter()
    {
        await _k8s.ApplyAsync("k-mirror", "1.1.0", Cohorts.Mirror, 20);

        var rule = _k8s.LastWrite("PUT", ClusterSeed.HttpRoute).Json!["spec"]!["rules"]![0]!;
        Assert.Equal("""[{"name":"web-stable","port":80,"weight":100},{"name":"web-canary","port":80,"weight":0}]""", rule["backendRefs"]!.ToJsonString());
        Assert.Equal("""[{"type":"RequestMirror","requestMirror":{"backendRef":{"name":"web-canary","port":80},"percent":20}}]""", rule["filters"]!.ToJsonString());
        var status = await _k8s.StatusAsync();
        Assert.Equal(("1.1.0", 0), (status.CanaryVersion, status.CanaryWeight));
        Assert.Contains("mirroring 20%", status.Detail);

        await _k8s.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        Assert.Null(_k8s.Object(ClusterSeed.HttpRoute)["spec"]!["rules"]![0]!["filters"]);
        Assert.Equal(10, (await _k8s.StatusAsync()).CanaryWeight);
    }
}
