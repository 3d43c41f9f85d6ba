using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Settings;

/// <summary>
/// Reads a target's settings JSON into <see cref="KubernetesSettings"/>, collecting every problem with a JSON-pointer
/// path. Validation and use share this code so they can never disagree.
/// </summary>
internal static partial class KubernetesSettingsReader
{
    public const string KubeconfigKey = "kubeconfig";

    /// <summary>The <see cref="IHostPolicy"/> feature that allows <c>inCluster: true</c>.</summary>
    public const string InClusterFeature = "in-cluster";

    private static readonly string[] Known =
    [
        KubeconfigKey, "context", "inCluster", "server", "namespace", "workload", "container", "image",
        "stableService", "canaryService", "route", "routing", "rolloutTimeoutSeconds",
    ];

    /// <summary>Reads the settings; <paramref name="secretKubeconfig"/> (from the target's secrets) wins over one in the settings.</summary>
    public static KubernetesSettings? Read(JsonElement settings, string? secretKubeconfig, IHostPolicy policy, List<SettingsError> errors)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error("", $"Settings must be a JSON object, not {Describe(settings.ValueKind)}."));
            return null;
        }

        foreach (var property in settings.EnumerateObject().Where(p => !Known.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(Error("/" + Escape(property.Name), $"Unknown property '{property.Name}'. Known properties: {string.Join(", ", Known)}."));
        }

        var kubeconfig = secretKubeconfig ?? ReadString(settings, KubeconfigKey, null, 0, errors);
        var context = ReadString(settings, "context", null, 0, errors);
        var inCluster = ReadBool(settings, "inCluster", errors);
        var server = ReadServer(settings, policy, errors);
        var ns = ReadString(settings, "namespace", DnsLabel(), 63, errors) ?? KubernetesSettings.DefaultNamespace;
        // The driver adds "-canary" and "-green" to the workload's name, and a Deployment's pods need a name of at most 63.
        var workload = ReadString(settings, "workload", DnsLabel(), 57, errors);
        var container = ReadString(settings, "container", null, 0, errors);
        var image = ReadImage(settings, errors);
        var stableService = ReadString(settings, "stableService", DnsLabel(), 63, errors);
        var canaryService = ReadString(settings, "canaryService", DnsLabel(), 63, errors);
        var route = ReadString(settings, "route", DnsSubdomain(), 253, errors);
        var routing = ReadRouting(settings, errors);
        var timeout = ReadTimeout(settings, errors);

        if (workload is null && !settings.TryGetProperty("workload", out _))
        {
            errors.Add(Error("/workload", "Required: the name of the Deployment that runs the stable version."));
        }

        if (image is null && !settings.TryGetProperty("image", out _))
        {
            errors.Add(Error("/image", "Required: the image repository without a tag, e.g. registry.example.com/shop/web."));
        }

        CheckConnection(kubeconfig, context, inCluster, settings.TryGetProperty("server", out _), policy, errors);
        CheckRouting(stableService, canaryService, route, errors);

        return workload is null || image is null
            ? null
            : new KubernetesSettings
            {
                Kubeconfig = kubeconfig,
                Context = context,
                InCluster = inCluster,
                Server = server,
                Namespace = ns,
                Workload = workload,
                Container = container,
                Image = image,
                StableService = stableService,
                CanaryService = canaryService,
                Route = route,
                Routing = routing,
                RolloutTimeoutSeconds = timeout,
            };
    }

    /// <summary>
    /// Reads a target's settings for use, throwing when they are invalid. They were validated on save, but the policy
    /// may have changed since (or the target was saved before a rule existed): every use checks again, before any
    /// client is built, so nothing a refused kubeconfig names is ever run, read or connected to.
    /// </summary>
    public static KubernetesSettings Parse(TargetContext target, IHostPolicy policy)
    {
        var errors = new List<SettingsError>();
        target.Secrets.TryGetValue(KubeconfigKey, out var kubeconfig);
        var settings = Read(target.Settings, kubeconfig, policy, errors);
        if (errors.Count > 0 || settings is null)
        {
            var problems = string.Join("; ", errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)}: {e.Message}"));
            throw new DriverException($"The settings of Kubernetes target '{target.Name}' are invalid: {problems}");
        }

        return settings;
    }

    private static void CheckConnection(string? kubeconfig, string? context, bool inCluster, bool hasServer, IHostPolicy policy, List<SettingsError> errors)
    {
        // In-cluster credentials are the portal pod's own service-account token, sent to whichever server the target names.
        if (inCluster && !policy.IsEnabled(KubernetesPlugin.Kind, InClusterFeature))
        {
            errors.Add(Error("/inCluster", $"In-cluster credentials are not enabled on this portal: they would hand the portal's own service-account token to this target. The operator enables them with '{InClusterFeature}' in Portal:TargetPolicy:Kinds:{KubernetesPlugin.Kind}:Features."));
        }

        if (inCluster && kubeconfig is not null)
        {
            errors.Add(Error("/inCluster", "Give either a kubeconfig or inCluster: true, not both."));
        }
        else if (!inCluster && kubeconfig is null && !hasServer)
        {
            errors.Add(Error("", "Say how to reach the cluster: a kubeconfig (secret), inCluster: true, or a server URL that needs no credentials (e.g. kubectl proxy)."));
        }

        if (context is not null && kubeconfig is null)
        {
            errors.Add(Error("/context", "A context names an entry of the kubeconfig; give the kubeconfig too."));
        }

        if (kubeconfig is not null)
        {
            KubeconfigCheck.Check(kubeconfig, context, policy, errors);
        }
    }

    private static void CheckRouting(string? stableService, string? canaryService, string? route, List<SettingsError> errors)
    {
        // The route sends traffic between the two Services: one without the other two cannot route anything.
        if (route is not null && (stableService is null || canaryService is null))
        {
            errors.Add(Error(stableService is null ? "/stableService" : "/canaryService", "A route needs both stableService and canaryService: its weights move traffic between them."));
        }

        if (stableService is not null && stableService == canaryService)
        {
            errors.Add(Error("/canaryService", "The canary Service must differ from the stable Service."));
        }
    }

    private static Uri? ReadServer(JsonElement settings, IHostPolicy policy, List<SettingsError> errors)
    {
        var text = ReadString(settings, "server", null, 0, errors);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query))
        {
            errors.Add(Error("/server", $"'{text}' is not an http(s) URL of an API server, e.g. https://10.0.0.1:6443."));
            return null;
        }

        if (policy.CheckEndpoint(KubernetesPlugin.Kind, uri) is { } refusal)
        {
            errors.Add(Error("/server", refusal));
            return null;
        }

        return uri;
    }

    private static string? ReadImage(JsonElement settings, List<SettingsError> errors)
    {
        var image = ReadString(settings, "image", null, 0, errors);
        if (image is null)
        {
            return null;
        }

        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        if (!ImageRepository().IsMatch(image) || lastSegment.Contains(':', StringComparison.Ordinal))
        {
            errors.Add(Error("/image", $"'{image}' is not an image repository without tag or digest (e.g. registry.example.com/shop/web): the release's version becomes the tag."));
            return null;
        }

        return image;
    }

    private static RoutingKind ReadRouting(JsonElement settings, List<SettingsError> errors)
    {
        var text = ReadString(settings, "routing", null, 0, errors);
        switch (text)
        {
            case null or "httproute":
                return RoutingKind.HttpRoute;
            case "virtualservice":
                return RoutingKind.VirtualService;
            default:
                errors.Add(Error("/routing", $"'{text}' is not a routing kind: use httproute (Gateway API) or virtualservice (Istio)."));
                return RoutingKind.HttpRoute;
        }
    }

    /// <summary>The rollout timeout alone (its default when absent or invalid): what the call budget is made of.</summary>
    public static int RolloutTimeoutSeconds(JsonElement settings) =>
        settings.ValueKind == JsonValueKind.Object ? ReadTimeout(settings, []) : KubernetesSettings.DefaultRolloutTimeoutSeconds;

    private static int ReadTimeout(JsonElement settings, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty("rolloutTimeoutSeconds", out var value))
        {
            return KubernetesSettings.DefaultRolloutTimeoutSeconds;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var seconds) || seconds is < 1 or > 86400)
        {
            errors.Add(Error("/rolloutTimeoutSeconds", $"Must be a whole number of seconds from 1 to 86400; got {value.GetRawText()}."));
            return KubernetesSettings.DefaultRolloutTimeoutSeconds;
        }

        return seconds;
    }

    private static bool ReadBool(JsonElement settings, string name, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty(name, out var value))
        {
            return false;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(Error("/" + name, $"Must be true or false, not {Describe(value.ValueKind)}."));
            return false;
        }

        return value.GetBoolean();
    }

    private static string? ReadString(JsonElement settings, string name, Regex? pattern, int maxLength, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Error("/" + name, $"Must be a string, not {Describe(value.ValueKind)}."));
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(Error("/" + name, "Must not be empty."));
            return null;
        }

        if (pattern is not null && (!pattern.IsMatch(text) || text.Length > maxLength))
        {
            errors.Add(Error("/" + name, $"'{text}' is not a valid Kubernetes name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most {maxLength} characters."));
            return null;
        }

        return text;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // RFC 6901: '~' and '/' inside a reference token are escaped as '~0' and '~1'.
    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    internal static SettingsError Error(string path, string message) => new() { Path = path, Message = message };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex DnsSubdomain();

    // A registry host (with optional port) and lower-case path components, as the distribution spec names repositories.
    [GeneratedRegex("^([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*\\z")]
    private static partial Regex ImageRepository();
}
