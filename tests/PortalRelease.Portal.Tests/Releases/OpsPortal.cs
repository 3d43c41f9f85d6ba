using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Plugins;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// The whole portal in memory over a fresh home with the real Sandbox and, beside it, the real fixture driver plugin
/// (kind <c>fixture</c>) loaded from disk, whose behaviour each target's settings decide. Extra settings
/// (e.g. resilience timings) are applied on top of appsettings.json.
/// </summary>
internal sealed class OpsPortal : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private readonly bool _ownsHome;

    /// <summary>A portal over a new home, or over <paramref name="home"/> (a restart: the caller keeps the home).</summary>
    public OpsPortal(IReadOnlyDictionary<string, string>? settings = null, TempPortalHome? home = null)
    {
        _ownsHome = home is null;
        Home = home ?? new TempPortalHome();
        if (!_ownsHome)
        {
            _factory = Start(settings);
            Http = _factory.CreateClient();
            Client = new TestClient(Http);
            return;
        }
        var folder = Directory.CreateDirectory(Path.Combine(Home.PluginsDirectory, "Fixture")).FullName;
        var assembly = PluginsFolder.DriverFixture;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "fixture-plugins", assembly), Path.Combine(folder, assembly));
        PluginsFolder.WriteManifest(folder, JsonSerializer.Serialize(PluginsFolder.Manifest("fixture", assembly, ["fixture"], ["fixture-metrics"])));
        _factory = Start(settings);
        Http = _factory.CreateClient();
        Client = new TestClient(Http);
    }

    private WebApplicationFactory<Program> Start(IReadOnlyDictionary<string, string>? settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", Home.DataDirectory)
                .UseSetting("Portal:PluginsDirectory", Home.PluginsDirectory)
                .UseSetting("Portal:Engine:SampleInterval", "00:00:00.500");
            foreach (var (key, value) in Targets.TestKeyRing.ForPostgres(settings))
            {
                builder.UseSetting(key, value);
            }
        });

    public TempPortalHome Home { get; }

    public HttpClient Http { get; }

    public TestClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The in-memory server, for clients that need its handler (a SignalR hub connection).</summary>
    public Microsoft.AspNetCore.TestHost.TestServer Server => _factory.Server;

    /// <summary>Adds a target of the fixture kind with the given settings; its calls are logged to <see cref="CallLog"/>.</summary>
    public async Task AddFixtureTargetAsync(string name, object settings)
    {
        var json = JsonSerializer.SerializeToElement(settings);
        var merged = json.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        merged["callLog"] = CallLogPath(name);
        var added = await Services.GetRequiredService<TargetRepository>()
            .AddAsync(new TargetRecord(name, "fixture", JsonSerializer.Serialize(merged), DateTimeOffset.UtcNow));
        Assert.True(added, $"target {name} was not added");
    }

    public string CallLogPath(string target) => Path.Combine(Home.Root, target + ".calls.jsonl");

    /// <summary>Every call the fixture driver logged for a target, oldest first.</summary>
    public IReadOnlyList<FixtureCall> CallLog(string target)
    {
        var path = CallLogPath(target);
        if (!File.Exists(path))
        {
            return [];
        }
        return File.ReadAllLines(path).Where(l => l.Length > 0).Select(l =>
        {
            using var json = JsonDocument.Parse(l);
            var root = json.RootElement;
            return new FixtureCall(root.GetProperty("operation").GetString()!, root.GetProperty("key").GetString()!, root.GetProperty("attempt").GetInt32(), root.GetProperty("outcome").GetString()!);
        }).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        if (_ownsHome)
        {
            Home.Dispose();
        }
    }
}

internal sealed record FixtureCall(string Operation, string Key, int Attempt, string Outcome);
