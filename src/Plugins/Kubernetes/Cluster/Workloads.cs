using System.Text.Json;
using k8s.Models;
using PortalRelease.Plugins.Kubernetes.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Cluster;

/// <summary>What the driver reads from and writes into Deployments: images, derived labels, its annotations, rollout state.</summary>
internal static class Workloads
{
    /// <summary>The idempotency keys applied to the target, newest last (JSON array), on the workload Deployment.</summary>
    public const string AppliedKeysAnnotation = "portalrelease.dev/applied-keys";

    /// <summary>The image a Deployment ran before the driver last changed it (JSON), so a rollback survives a portal crash.</summary>
    public const string PreviousAnnotation = "portalrelease.dev/previous";

    /// <summary>Blue-green: <c>preview</c> or <c>previous</c> on the slot that is not live.</summary>
    public const string RoleAnnotation = "portalrelease.dev/role";

    /// <summary>On pods of Deployments the driver creates: <c>canary</c> or <c>green</c>.</summary>
    public const string TrackLabel = "portalrelease.dev/track";

    /// <summary>How many keys the annotation keeps; the portal never re-issues a key older than its last few actions.</summary>
    public const int KeptKeys = 100;

    public const string PreviewRole = "preview";
    public const string PreviousRole = "previous";

    public static string ImageFor(KubernetesSettings settings, string version) => $"{settings.Image}:{version}";

    public static V1Container ContainerOf(V1Deployment deployment, KubernetesSettings settings)
    {
        var containers = deployment.Spec?.Template?.Spec?.Containers ?? [];
        if (settings.Container is { } name)
        {
            return containers.FirstOrDefault(c => c.Name == name)
                ?? throw new DriverException($"Deployment {deployment.Metadata.Name} has no container '{name}' (containers: {string.Join(", ", containers.Select(c => c.Name))}).");
        }

        return containers.Count == 1
            ? containers[0]
            : throw new DriverException($"Deployment {deployment.Metadata.Name} has {containers.Count} containers ({string.Join(", ", containers.Select(c => c.Name))}): set 'container' in the target's settings.");
    }

    /// <summary>The version a Deployment runs: its container image's tag.</summary>
    public static string? VersionOf(V1Deployment? deployment, KubernetesSettings settings)
    {
        if (deployment is null)
        {
            return null;
        }

        var image = ContainerOf(deployment, settings).Image ?? "";
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var end = at >= 0 ? at : image.Length;
        return colon > slash && colon < end ? image[(colon + 1)..end] : null;
    }

    public static int ReplicasOf(V1Deployment deployment) => deployment.Spec?.Replicas ?? 1;

    /// <summary>
    /// Pod labels for a Deployment the driver derives from the workload: the workload's selector values get a suffix, so
    /// neither the workload's own selector nor the stable Service (which select on them) ever pick up these pods.
    /// </summary>
    public static Dictionary<string, string> DerivedLabels(V1Deployment workload, string suffix)
    {
        var selector = workload.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>();
        var labels = new Dictionary<string, string>(workload.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (key, value) in selector)
        {
            labels[key] = $"{value}-{suffix}";
        }

        labels[TrackLabel] = suffix;
        return labels;
    }

    public static Dictionary<string, string> DerivedSelector(V1Deployment workload, string suffix)
    {
        var labels = DerivedLabels(workload, suffix);
        var selector = (workload.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>()).Keys.ToDictionary(k => k, k => labels[k], StringComparer.Ordinal);
        selector[TrackLabel] = suffix;
        return selector;
    }

    /// <summary>A new Deployment named <paramref name="name"/> running <paramref name="template"/>'s pods with derived labels.</summary>
    public static V1Deployment Derive(V1Deployment workload, V1Deployment template, string name, string suffix, string image, int replicas, KubernetesSettings settings)
    {
        var podTemplate = Clone(template.Spec.Template);
        podTemplate.Metadata ??= new V1ObjectMeta();
        podTemplate.Metadata.Labels = DerivedLabels(workload, suffix);
        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = workload.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(workload.Metadata.Labels ?? new Dictionary<string, string>()) { [TrackLabel] = suffix },
            },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = DerivedSelector(workload, suffix) },
                Template = podTemplate,
                Strategy = Clone(workload.Spec.Strategy),
                MinReadySeconds = workload.Spec.MinReadySeconds,
                ProgressDeadlineSeconds = workload.Spec.ProgressDeadlineSeconds,
            },
        };
        ContainerOf(deployment, settings).Image = image;
        return deployment;
    }

    public static bool HasKey(V1Deployment workload, string key) => AppliedKeys(workload).Contains(key, StringComparer.Ordinal);

    public static List<string> AppliedKeys(V1Deployment workload)
    {
        if (workload.Metadata.Annotations?.TryGetValue(AppliedKeysAnnotation, out var json) != true || string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<string>>(json!) ?? [];
        }
        catch (JsonException)
        {
            // Someone edited the annotation by hand: start a fresh list rather than fail every call.
            return [];
        }
    }

    /// <summary>Adds a key to the workload's annotation; false when it is there already.</summary>
    public static bool AddKey(V1Deployment workload, string key)
    {
        var keys = AppliedKeys(workload);
        if (keys.Contains(key, StringComparer.Ordinal))
        {
            return false;
        }

        keys.Add(key);
        workload.Metadata.Annotations ??= new Dictionary<string, string>();
        workload.Metadata.Annotations[AppliedKeysAnnotation] = JsonSerializer.Serialize(keys.TakeLast(KeptKeys));
        return true;
    }

    public static PreviousSpec? PreviousOf(V1Deployment deployment)
    {
        if (deployment.Metadata.Annotations?.TryGetValue(PreviousAnnotation, out var json) != true || string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PreviousSpec>(json!, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void SetPrevious(V1Deployment deployment, PreviousSpec previous)
    {
        deployment.Metadata.Annotations ??= new Dictionary<string, string>();
        deployment.Metadata.Annotations[PreviousAnnotation] = JsonSerializer.Serialize(previous, JsonSerializerOptions.Web);
    }

    public static string? RoleOf(V1Deployment? deployment) =>
        deployment?.Metadata.Annotations?.TryGetValue(RoleAnnotation, out var role) == true ? role : null;

    public static bool SetRole(V1Deployment deployment, string? role)
    {
        if (RoleOf(deployment) == role)
        {
            return false;
        }

        deployment.Metadata.Annotations ??= new Dictionary<string, string>();
        if (role is null)
        {
            deployment.Metadata.Annotations.Remove(RoleAnnotation);
        }
        else
        {
            deployment.Metadata.Annotations[RoleAnnotation] = role;
        }

        return true;
    }

    /// <summary>Rolled out as <c>kubectl rollout status</c> judges it: the spec observed, every replica updated and available, no old ones left.</summary>
    public static bool IsRolledOut(V1Deployment deployment)
    {
        var want = ReplicasOf(deployment);
        var status = deployment.Status;
        return status is not null
            && (status.ObservedGeneration ?? 0) >= (deployment.Metadata.Generation ?? 0)
            && (status.UpdatedReplicas ?? 0) >= want
            && (status.Replicas ?? 0) <= want
            && (status.AvailableReplicas ?? 0) >= want;
    }

    /// <summary>The controller gave up on the rollout (progressDeadlineSeconds passed).</summary>
    public static string? FailureOf(V1Deployment deployment) =>
        deployment.Status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing" && c.Status == "False" && c.Reason == "ProgressDeadlineExceeded")?.Message is { } message
            ? $"Deployment {deployment.Metadata.Name} exceeded its progress deadline: {message}"
            : null;

    public static string Progress(V1Deployment deployment)
    {
        var want = ReplicasOf(deployment);
        var generation = deployment.Metadata.Generation ?? 0;
        var observed = (deployment.Status?.ObservedGeneration ?? 0) >= generation ? "" : $"; the controller has not yet observed generation {generation}";
        return $"{deployment.Status?.UpdatedReplicas ?? 0}/{want} updated, {deployment.Status?.AvailableReplicas ?? 0}/{want} available{observed}";
    }

    private static T Clone<T>(T value) => k8s.KubernetesJson.Deserialize<T>(k8s.KubernetesJson.Serialize(value));
}

/// <summary>What a Deployment ran before the driver changed its image.</summary>
internal sealed record PreviousSpec(string? Version, string Image, string? ReleaseId);
