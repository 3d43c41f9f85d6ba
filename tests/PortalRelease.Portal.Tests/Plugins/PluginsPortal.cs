using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Plugins;

/// <summary>
/// The whole portal in memory over a fresh home (the real Sandbox plugin, the seeded samples) with the given
/// <c>Portal:Plugins</c> settings and a short reload delay, so hot reload is quick to observe.
/// </summary>
internal sealed class PluginsPortal : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public PluginsPortal(IReadOnlyDictionary<string, string> pluginSettings)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", Home.DataDirectory)
                .UseSetting("Portal:PluginsDirectory", Home.PluginsDirectory)
                .UseSetting("Portal:Plugins:ReloadDelay", "00:00:00.200");
            foreach (var (key, value) in Targets.TestKeyRing.ForPostgres(pluginSettings))
            {
                builder.UseSetting(key, value);
            }
        });
    }

    public TempPortalHome Home { get; } = new();

    public IServiceProvider Services => _factory.Services;

    public HttpClient CreateClient() => _factory.CreateClient();

    public async Task<JsonElement[]> GetPluginsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement[]>("/api/plugins"))!;

    /// <summary>Polls <c>GET /api/plugins</c> until the plugin in <paramref name="folder"/> satisfies <paramref name="condition"/>.</summary>
    public async Task<JsonElement> WaitForPluginAsync(HttpClient client, string folder, Func<JsonElement?, bool> condition, string what)
    {
        JsonElement[] last = [];
        var found = await Poll.UntilAsync<object>(
            async () =>
            {
                last = await GetPluginsAsync(client);
                JsonElement? plugin = last.Any(p => p.GetProperty("folder").GetString() == folder) ? last.First(p => p.GetProperty("folder").GetString() == folder) : null;
                return condition(plugin) ? (plugin ?? default(JsonElement)) : null;
            },
            what,
            TimeSpan.FromSeconds(30),
            () => string.Join(Environment.NewLine, last.Select(p => p.GetRawText())));
        return (JsonElement)found;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Home.Dispose();
    }
}
