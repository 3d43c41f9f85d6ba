using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Plugins;

public sealed class PluginHotReloadTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> DevelopmentMode = new() { ["Portal:Plugins:DevelopmentMode"] = "true" };

    private PluginsPortal _portal = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }
    }

    [Fact]
    public async Task Watcher_NewPluginFolderDroppedIn_IsLoadedWithoutRestart()
    {
        await StartAsync(DevelopmentMode);
        Assert.Null(_portal.Services.GetRequiredService<PluginCatalog>().FindDriver("fixture"));

        // Written beside plugins/ and renamed in, as docs/operations.md advises.
        var staging = Path.Combine(_portal.Home.Root, "staging-fixture");
        CopyFixture(staging, "fixture");
        Directory.Move(staging, Path.Combine(_portal.Home.PluginsDirectory, "Fixture"));

        var plugin = await _portal.WaitForPluginAsync(_client, "Fixture", p => p?.GetProperty("status").GetString() == "Loaded", "the dropped-in Fixture plugin to load");
        Assert.Equal(JsonValueKind.Null, plugin.GetProperty("reloadedAt").ValueKind);
        Assert.NotNull(_portal.Services.GetRequiredService<PluginCatalog>().FindDriver("fixture"));
        Assert.Equal("Loaded", (await _portal.GetPluginsAsync(_client)).Single(p => p.GetProperty("folder").GetString() == "Sandbox").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Watcher_ChangedPluginFolder_IsReloadedAndTheOldContextUnloaded()
    {
        await StartAsync(DevelopmentMode);
        var catalog = _portal.Services.GetRequiredService<PluginCatalog>();
        var before = catalog.Find("Sandbox")!;
        var oldContext = ContextOf(catalog);

        RewriteManifest(Path.Combine(_portal.Home.PluginsDirectory, "Sandbox"), "sandbox", "1.0.1");

        var plugin = await _portal.WaitForPluginAsync(_client, "Sandbox", p => p?.GetProperty("version").GetString() == "1.0.1", "the Sandbox to reload as 1.0.1");
        Assert.Equal("Loaded", plugin.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, plugin.GetProperty("reloadedAt").ValueKind);
        Assert.NotEqual(before.Sha256, plugin.GetProperty("sha256").GetString());
        Assert.True(plugin.GetProperty("loadMs").GetDouble() > 0);
        await Poll.UntilAsync(() => Task.FromResult(Collected(oldContext)), "the Sandbox's old load context to be collected");
    }

    [Fact]
    public async Task Watcher_RemovedPluginFolder_IsUnloaded()
    {
        await StartAsync(DevelopmentMode);
        var staging = Path.Combine(_portal.Home.Root, "removed-sandbox");

        Directory.Move(Path.Combine(_portal.Home.PluginsDirectory, "Sandbox"), staging);

        await _portal.WaitForPluginAsync(_client, "Sandbox", p => p is null, "the removed Sandbox to disappear");
        Assert.Null(_portal.Services.GetRequiredService<PluginCatalog>().FindDriver("sandbox"));
    }

    [Fact]
    public async Task Watcher_ChangedFolderWhoseNewHashIsNotAllowed_BecomesUntrusted()
    {
        // The portal's home gets a copy of the repository's plugins/Sandbox: same files, same hash.
        var sandbox = PluginFolderHash.Compute(Path.Combine(PluginsFolder.RepoRoot(), "plugins", "Sandbox"));
        await StartAsync(new Dictionary<string, string>
        {
            ["Portal:Plugins:DevelopmentMode"] = "false",
            ["Portal:Plugins:Allowed:0:id"] = "sandbox",
            ["Portal:Plugins:Allowed:0:sha256"] = sandbox,
        });
        Assert.Equal("Loaded", (await _portal.GetPluginsAsync(_client)).Single().GetProperty("status").GetString());

        RewriteManifest(Path.Combine(_portal.Home.PluginsDirectory, "Sandbox"), "sandbox", "6.6.6");

        var plugin = await _portal.WaitForPluginAsync(_client, "Sandbox", p => p?.GetProperty("status").GetString() == "Untrusted", "the changed Sandbox to be refused");
        Assert.Contains($"sha256:{plugin.GetProperty("sha256").GetString()}", plugin.GetProperty("reason").GetString());
        Assert.Null(_portal.Services.GetRequiredService<PluginCatalog>().FindDriver("sandbox"));
    }

    [Fact]
    public async Task Watcher_PluginUsedByAReleaseInFlight_ReloadWaitsUntilTheReleaseSettles()
    {
        await StartAsync(DevelopmentMode);
        var client = new TestClient(_client);
        var id = await client.CreateReleaseAsync("manual-gate", "1.0.0");
        await client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "PauseStarted" && e.Index == 1), "the manual gate");

        RewriteManifest(Path.Combine(_portal.Home.PluginsDirectory, "Sandbox"), "sandbox", "2.0.0");

        var pending = await _portal.WaitForPluginAsync(_client, "Sandbox", p => p?.GetProperty("pending").ValueKind == JsonValueKind.String, "the Sandbox reload to be deferred");
        Assert.Contains($"Reload pending: in use by release {id}", pending.GetProperty("pending").GetString());
        Assert.Equal("1.0.0", pending.GetProperty("version").GetString());
        Assert.Equal("Loaded", pending.GetProperty("status").GetString());

        using var abort = await _client.PostAsJsonAsync($"/api/releases/{id}/abort", new { reason = "plugin upgrade" });
        Assert.Equal(HttpStatusCode.Accepted, abort.StatusCode);
        await client.WaitForStateAsync(id, "Aborted");

        var reloaded = await _portal.WaitForPluginAsync(_client, "Sandbox", p => p?.GetProperty("version").GetString() == "2.0.0", "the Sandbox to reload once the release settled");
        Assert.Equal(JsonValueKind.Null, reloaded.GetProperty("pending").ValueKind);
        Assert.Equal(JsonValueKind.String, reloaded.GetProperty("reloadedAt").ValueKind);
        Assert.Equal("Loaded", reloaded.GetProperty("status").GetString());
    }

    private async Task StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        _portal = new PluginsPortal(settings);
        _client = _portal.CreateClient();
        // The first request starts the host; the watcher is running once a plugin list comes back.
        await _portal.GetPluginsAsync(_client);
    }

    private static void CopyFixture(string folder, string id)
    {
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixture-plugins", PluginsFolder.DriverFixture), Path.Combine(folder, PluginsFolder.DriverFixture));
        PluginsFolder.WriteManifest(folder, JsonSerializer.Serialize(PluginsFolder.Manifest(id, PluginsFolder.DriverFixture, ["fixture"], ["fixture-metrics"])));
    }

    private static void RewriteManifest(string folder, string id, string version)
    {
        var path = Path.Combine(folder, "plugin.json");
        var manifest = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(path))!;
        manifest["version"] = JsonSerializer.SerializeToElement(version);
        Assert.Equal(id, manifest["id"].GetString());
        // A new file renamed over the old one: the portal never reads it half written.
        File.WriteAllText(path + ".new", JsonSerializer.Serialize(manifest));
        File.Move(path + ".new", path, overwrite: true);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference ContextOf(PluginCatalog catalog) =>
        new(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(catalog.FindDriver("sandbox")!.GetType().Assembly));

    private static bool Collected(WeakReference context)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return !context.IsAlive;
    }
}
