using System.Text.Json.Nodes;
using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>A fake API server seeded with <see cref="ClusterSeed"/>, and the driver (hosted through its plugin) pointed at it.</summary>
public sealed class KubernetesHarness : IAsyncDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("portalrelease-k8s-").FullName;

    private KubernetesHarness(FakeKubeApi api, string routing)
    {
        Api = api;
        SettingsJson = SettingsFor(api.Url, routing);
        Driver = NewDriver();
        Target = TargetContexts.FromJson("k8s-shop", KubernetesPlugin.Kind, SettingsJson);
    }

    public FakeKubeApi Api { get; }

    public ITargetDriver Driver { get; }

    public TargetContext Target { get; }

    public string SettingsJson { get; }

    public static async Task<KubernetesHarness> StartAsync(string routing = "httproute")
    {
        var api = await FakeKubeApi.StartAsync();
        ClusterSeed.Apply(api);
        return new KubernetesHarness(api, routing);
    }

    public static string SettingsFor(Uri server, string routing = "httproute") => $$"""
        {"server":"{{server.ToString().TrimEnd('/')}}","namespace":"shop","workload":"web","image":"{{ClusterSeed.Image}}",
         "stableService":"web-stable","canaryService":"web-canary","route":"web","routing":"{{routing}}","rolloutTimeoutSeconds":30}
        """;

    /// <summary>A driver as a restarted portal would have it: a new plugin instance with nothing in memory.</summary>
    public ITargetDriver NewDriver() =>
        FakePluginRegistrar.Register(new KubernetesPlugin(), new PluginHostContext { DataDirectory = _dataDirectory, Time = TimeProvider.System })
            .Driver(KubernetesPlugin.Kind);

    public Task<ApplyResult> ApplyAsync(string key, string version, string cohort, int weight, DeploymentStrategy strategy = DeploymentStrategy.Canary, ITargetDriver? driver = null) =>
        (driver ?? Driver).ApplyAsync(Target, new ApplyRequest { ReleaseId = "rel-1", Version = version, Cohort = cohort, Weight = weight, IdempotencyKey = key, Strategy = strategy }, CancellationToken.None);

    public Task<ApplyResult> RollbackAsync(string key, string from, string? to, ITargetDriver? driver = null) =>
        (driver ?? Driver).RollbackAsync(Target, new RollbackRequest { ReleaseId = "rel-1", FromVersion = from, ToVersion = to, IdempotencyKey = key }, CancellationToken.None);

    public Task<TargetStatus> StatusAsync() => Driver.GetStatusAsync(Target, CancellationToken.None);

    /// <summary>The writes (non-GET requests) recorded so far, as "VERB path".</summary>
    public IReadOnlyList<string> Writes() => Api.Requests.Where(r => r.IsWrite).Select(r => $"{r.Method} {r.Path}").ToList();

    public RecordedRequest LastWrite(string method, string path) => Api.Requests.Last(r => r.Method == method && r.Path == path);

    public string? ImageOf(string deploymentPath) => Api.Get(deploymentPath)?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();

    public JsonObject Object(string path) => Api.Get(path) ?? throw new InvalidOperationException($"{path} is not stored.");

    public async ValueTask DisposeAsync()
    {
        if (Driver is IDisposable disposable)
        {
            disposable.Dispose();
        }

        await Api.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
