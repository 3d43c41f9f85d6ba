namespace PortalRelease.Plugins.Kubernetes.Settings;

/// <summary>How the canary's share of traffic is routed.</summary>
internal enum RoutingKind
{
    /// <summary>Gateway API <c>HTTPRoute</c> (gateway.networking.k8s.io/v1) backendRef weights.</summary>
    HttpRoute,

    /// <summary>Istio <c>VirtualService</c> (networking.istio.io/v1) route destination weights.</summary>
    VirtualService,
}

/// <summary>A Kubernetes target's settings with defaults applied; the kubeconfig comes from the target's secrets.</summary>
internal sealed record KubernetesSettings
{
    public const string DefaultNamespace = "default";
    public const int DefaultRolloutTimeoutSeconds = 600;

    /// <summary>An inline kubeconfig (YAML), if the target connects with one.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context to use; its current context when absent.</summary>
    public string? Context { get; init; }

    /// <summary>Connect with the portal pod's own service account.</summary>
    public bool InCluster { get; init; }

    /// <summary>The API server URL: overrides the kubeconfig's, or alone for an unauthenticated endpoint such as <c>kubectl proxy</c>.</summary>
    public Uri? Server { get; init; }

    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary>The operator's Deployment: the stable workload and the anchor of the driver's annotations.</summary>
    public required string Workload { get; init; }

    /// <summary>The container whose image the driver sets; the pod's only container when absent.</summary>
    public string? Container { get; init; }

    /// <summary>The image repository, without a tag: the version becomes the tag.</summary>
    public required string Image { get; init; }

    public string? StableService { get; init; }

    public string? CanaryService { get; init; }

    /// <summary>The HTTPRoute or VirtualService carrying the canary weights.</summary>
    public string? Route { get; init; }

    public RoutingKind Routing { get; init; } = RoutingKind.HttpRoute;

    /// <summary>How long a rollout may take to become ready before the call fails.</summary>
    public int RolloutTimeoutSeconds { get; init; } = DefaultRolloutTimeoutSeconds;

    public string CanaryDeployment => Workload + "-canary";

    public string GreenDeployment => Workload + "-green";
}
