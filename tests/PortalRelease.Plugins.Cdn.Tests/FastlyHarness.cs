using System.Text.Json;
using System.Text.Json.Nodes;
using PortalRelease.Plugins.Cdn.Tests.Fake;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>A fake Fastly API, the driver loaded through the plugin's entry point, and a target pointing one at the other.</summary>
internal sealed class FastlyHarness : IAsyncDisposable
{
    public const string Release = "rel-42";
    public const string Template = "app-{version}.origin.example.com";

    private readonly string _data = Directory.CreateTempSubdirectory("cdn-tests-").FullName;

    // The wall clock, not the SDK's fake one: retry delays must really pass, and Fastly-RateLimit-Reset is real time.
    private readonly InMemoryPluginState? _shared;

    private FastlyHarness(FakeFastly server, InMemoryPluginState? shared)
    {
        Server = server;
        _shared = shared;
        Driver = NewNodeDriver();
    }

    public FakeFastly Server { get; }

    /// <summary>The operator's policy as the plugin sees it: loopback (the fake) allowed until a test says otherwise.</summary>
    public TestHostPolicy Policy { get; } = new();

    public ITargetDriver Driver { get; }

    /// <param name="shared">The host's state and locks, as every node of a portal cluster shares them; none (an older host) when null.</param>
    public static async Task<FastlyHarness> StartAsync(InMemoryPluginState? shared = null) => new(await FakeFastly.StartAsync(), shared);

    /// <summary>The plugin loaded once more, as on another portal node: same host state, its own process memory.</summary>
    public ITargetDriver NewNodeDriver()
    {
        var host = new PluginHostContext { DataDirectory = _data, Time = TimeProvider.System, Policy = Policy, State = _shared, Locks = _shared };
        return FakePluginRegistrar.Register(new CdnPlugin(), host).Driver(CdnPlugin.Kind);
    }

    /// <summary>The settings as the portal stores them: without the token, which travels as a secret.</summary>
    public JsonObject Settings(Action<JsonObject>? change = null)
    {
        var settings = new JsonObject
        {
            ["serviceId"] = FakeFastly.ServiceId,
            ["originHostTemplate"] = Template,
            ["apiUrl"] = Server.Url.ToString(),
        };
        change?.Invoke(settings);
        return settings;
    }

    public TargetContext Target(Action<JsonObject>? change = null, string token = FakeFastly.Token) => new()
    {
        Name = "cdn-eu",
        Kind = CdnPlugin.Kind,
        Settings = JsonSerializer.SerializeToElement(Settings(change)),
        Secrets = new Dictionary<string, string>(StringComparer.Ordinal) { ["apiToken"] = token },
    };

    public Task<ApplyResult> ApplyAsync(string key, string version, string cohort, int weight, TargetContext? target = null, CancellationToken cancellationToken = default) =>
        Driver.ApplyAsync(
            target ?? Target(),
            new ApplyRequest { ReleaseId = Release, Version = version, Cohort = cohort, Weight = weight, IdempotencyKey = key },
            cancellationToken);

    public Task<ApplyResult> RollbackAsync(string key, string from, string? to, TargetContext? target = null) =>
        Driver.RollbackAsync(target ?? Target(), new RollbackRequest { ReleaseId = Release, FromVersion = from, ToVersion = to, IdempotencyKey = key }, CancellationToken.None);

    public Task<TargetStatus> StatusAsync(TargetContext? target = null) => Driver.GetStatusAsync(target ?? Target(), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        (Driver as IDisposable)?.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
