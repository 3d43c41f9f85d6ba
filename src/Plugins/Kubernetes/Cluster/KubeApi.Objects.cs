using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace PortalRelease.Plugins.Kubernetes.Cluster;

internal sealed partial class KubeApi
{
    public Task<V1Deployment> ReadDeploymentAsync(string name, CancellationToken cancellationToken) =>
        CallAsync($"Reading Deployment {Namespace}/{name}", ct => Client.AppsV1.ReadNamespacedDeploymentAsync(name, Namespace, cancellationToken: ct), cancellationToken);

    public Task<V1Deployment?> TryReadDeploymentAsync(string name, CancellationToken cancellationToken) =>
        TryReadAsync($"Reading Deployment {Namespace}/{name}", ct => Client.AppsV1.ReadNamespacedDeploymentAsync(name, Namespace, cancellationToken: ct), cancellationToken);

    public Task<V1Deployment> CreateDeploymentAsync(V1Deployment deployment, CancellationToken cancellationToken) =>
        CallAsync($"Creating Deployment {Namespace}/{deployment.Metadata.Name}", ct => Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, Namespace, cancellationToken: ct), cancellationToken);

    /// <summary>Changes a Deployment under optimistic concurrency (PUT with the read resourceVersion; 409 re-reads).</summary>
    public Task<V1Deployment> UpdateDeploymentAsync(string name, Func<V1Deployment, bool> mutate, CancellationToken cancellationToken) =>
        UpdateAsync(
            $"Deployment {Namespace}/{name}",
            ct => Client.AppsV1.ReadNamespacedDeploymentAsync(name, Namespace, cancellationToken: ct),
            mutate,
            (d, ct) => Client.AppsV1.ReplaceNamespacedDeploymentAsync(d, name, Namespace, cancellationToken: ct),
            cancellationToken);

    /// <summary>A JSON merge patch (RFC 7386): for single fields such as replicas or paused, where a concurrent writer's other changes must survive.</summary>
    public Task<V1Deployment> MergePatchDeploymentAsync(string name, JsonObject patch, CancellationToken cancellationToken) =>
        CallAsync(
            $"Patching Deployment {Namespace}/{name}",
            ct => Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, Namespace, cancellationToken: ct),
            cancellationToken);

    public async Task<bool> DeleteDeploymentAsync(string name, CancellationToken cancellationToken)
    {
        var deleted = await TryReadAsync(
            $"Deleting Deployment {Namespace}/{name}",
            ct => Client.AppsV1.DeleteNamespacedDeploymentAsync(name, Namespace, propagationPolicy: "Background", cancellationToken: ct),
            cancellationToken);
        return deleted is not null;
    }

    public Task<V1Service> ReadServiceAsync(string name, CancellationToken cancellationToken) =>
        CallAsync($"Reading Service {Namespace}/{name}", ct => Client.CoreV1.ReadNamespacedServiceAsync(name, Namespace, cancellationToken: ct), cancellationToken);

    public Task<V1Service> UpdateServiceAsync(string name, Func<V1Service, bool> mutate, CancellationToken cancellationToken) =>
        UpdateAsync(
            $"Service {Namespace}/{name}",
            ct => Client.CoreV1.ReadNamespacedServiceAsync(name, Namespace, cancellationToken: ct),
            mutate,
            (s, ct) => Client.CoreV1.ReplaceNamespacedServiceAsync(s, name, Namespace, cancellationToken: ct),
            cancellationToken);

    public Task<JsonObject> ReadCustomObjectAsync(CustomResource resource, string name, CancellationToken cancellationToken) =>
        CallAsync(
            $"Reading {resource.Kind} {Namespace}/{name}",
            ct => Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(resource.Group, resource.Version, Namespace, resource.Plural, name, ct),
            cancellationToken);

    public Task<JsonObject> UpdateCustomObjectAsync(CustomResource resource, string name, Func<JsonObject, bool> mutate, CancellationToken cancellationToken) =>
        UpdateAsync(
            $"{resource.Kind} {Namespace}/{name}",
            ct => Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>(resource.Group, resource.Version, Namespace, resource.Plural, name, ct),
            mutate,
            (o, ct) => Client.CustomObjects.ReplaceNamespacedCustomObjectAsync<JsonObject>(o, resource.Group, resource.Version, Namespace, resource.Plural, name, cancellationToken: ct),
            cancellationToken);
}

/// <summary>A custom resource's coordinates in the API.</summary>
internal sealed record CustomResource(string Group, string Version, string Plural, string Kind)
{
    public static readonly CustomResource HttpRoute = new("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute");

    public static readonly CustomResource VirtualService = new("networking.istio.io", "v1", "virtualservices", "VirtualService");
}
