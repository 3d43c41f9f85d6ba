using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PortalRelease.Plugins.Cdn.Tests.Fake;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>
/// The whole portal (in memory, its own data folder) with the deployed Cdn plugin copied into its plugins folder, a
/// <c>fastly</c> target created over the API with the token as a secret, and a release run against the fake Fastly API.
/// </summary>
public sealed class PortalReleaseTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("cdn-portal-").FullName;
    private FakeFastly _fastly = null!;
    private WebApplicationFactory<Program> _portal = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fastly = await FakeFastly.StartAsync();
        var plugins = Directory.CreateDirectory(Path.Combine(_root, "plugins", "Cdn")).FullName;
        foreach (var file in Directory.GetFiles(DeployedPlugin.Folder))
        {
            File.Copy(file, Path.Combine(plugins, Path.GetFileName(file)));
        }

        _portal = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", Path.Combine(_root, "data"))
            .UseSetting("Portal:PluginsDirectory", Path.Combine(_root, "plugins")));
        _http = _portal.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _portal.DisposeAsync();
        await _fastly.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Release_OnAFastlyTarget_SetsEachWeightAndPromotesAsNewServiceVersions()
    {
        using (var created = await _http.PostAsJsonAsync("/api/targets", new
        {
            name = "www-cdn",
            kind = "fastly",
            settings = new { serviceId = FakeFastly.ServiceId, originHostTemplate = "app-{version}.origin.example.com", apiUrl = _fastly.Url.ToString() },
            secrets = new { apiToken = FakeFastly.Token },
        }))
        {
            var body = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, body);
            Assert.DoesNotContain(FakeFastly.Token, body, StringComparison.Ordinal);
        }

        using (var template = new StringContent("""
            name: to-cdn
            stages:
              - name: edge
                targets: [www-cdn]
                steps:
                  - setWeight: 10
                  - setWeight: 50
            """, Encoding.UTF8, "application/yaml"))
        using (var imported = await _http.PostAsync("/api/templates", template))
        {
            Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        }

        string id;
        using (var started = await _http.PostAsJsonAsync("/api/releases", new { template = "to-cdn", version = "2.0.0" }))
        {
            var body = await started.Content.ReadAsStringAsync();
            Assert.True(started.StatusCode == HttpStatusCode.Created, body);
            id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        }

        var state = await WaitSettledAsync(id);

        Assert.Equal("Promoted", state);
        // Every request carried the decrypted secret.
        Assert.All(_fastly.Requests, r => Assert.Equal(FakeFastly.Token, r.FastlyKey));
        var active = _fastly.ActiveVersion;
        Assert.Equal("app-2.0.0.origin.example.com", active.Backends["portalrelease_stable"]["address"]);
        Assert.DoesNotContain("portalrelease_canary", active.Backends.Keys);
        // Version 1 was the service's own; then 10%, 50% and the promotion, one version each.
        var weights = Enumerable.Range(2, active.Number - 1).Select(n => _fastly.Version(n).Comment).ToList();
        Assert.Collection(weights,
            c => Assert.Contains("canary 2.0.0 at 10%", c, StringComparison.Ordinal),
            c => Assert.Contains("canary 2.0.0 at 50%", c, StringComparison.Ordinal),
            c => Assert.Contains("stable 2.0.0 at 100%", c, StringComparison.Ordinal));
    }

    private async Task<string> WaitSettledAsync(string id)
    {
        string[] final = ["Promoted", "RolledBack", "Aborted", "Failed"];
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            using var response = await _http.GetAsync($"/api/releases/{id}");
            last = await response.Content.ReadAsStringAsync();
            var state = JsonDocument.Parse(last).RootElement.GetProperty("state").GetString()!;
            if (final.Contains(state))
            {
                return state;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Release {id} did not settle within 90 s: {last}");
        return "";
    }
}
