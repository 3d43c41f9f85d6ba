using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Plugins;

/// <summary>
/// The whole portal in memory, configured by the repository's own <c>appsettings.json</c> (what `dotnet run` and a
/// published portal use) in the Production environment, over a temporary home whose plugins folder the test fills.
/// Only the folders (and the demo history, for speed) are overridden.
/// </summary>
internal sealed class ShippedSettingsPortal : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public ShippedSettingsPortal(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        Root = Directory.CreateTempSubdirectory("portal-shipped-").FullName;
        PluginsDirectory = Directory.CreateDirectory(Path.Combine(Root, "plugins")).FullName;
        DataDirectory = Path.Combine(Root, "data");
        var settings = new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = DataDirectory,
            ["Portal:PluginsDirectory"] = PluginsDirectory,
            ["Portal:SeedDemoHistory"] = "false",
            // Sign-in is not what these tests are about; the shipped Local mode has its own tests (Identity/).
            ["Portal:Auth:Mode"] = "Development",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .ConfigureAppConfiguration(config => config
                .AddJsonFile(Path.Combine(TempPortalHome.RepoRoot(), "appsettings.json"), optional: false)
                .AddInMemoryCollection(settings)));
    }

    public string Root { get; }

    public string PluginsDirectory { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _factory.Services;

    public HttpClient CreateClient() => _factory.CreateClient();

    /// <summary>Copies a folder the build deployed to the repository's plugins/ into this home's plugins folder.</summary>
    public string AddBuiltIn(string folderName)
    {
        var source = Path.Combine(TempPortalHome.RepoRoot(), "plugins", folderName);
        Assert.True(Directory.Exists(source), $"{source} was not deployed by the build.");
        var target = Path.Combine(PluginsDirectory, folderName);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }

    public async Task<JsonElement> PluginAsync(HttpClient client, string folder) =>
        (await client.GetFromJsonAsync<JsonElement[]>("/api/plugins"))!.Single(p => p.GetProperty("folder").GetString() == folder);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A plugin's files may still be mapped; the OS cleans temp eventually.
        }
    }
}
