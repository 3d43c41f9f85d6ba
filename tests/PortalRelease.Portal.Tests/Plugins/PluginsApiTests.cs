using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Plugins;

public sealed class PluginsApiTests : IDisposable
{
    private readonly PluginsFolder _folder = new();
    private readonly WebApplicationFactory<Program> _factory;

    public PluginsApiTests()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseSetting("Portal:PluginsDirectory", _folder.PluginsDirectory)
            .UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", _folder.DataDirectory)
            .UseSetting("Portal:SeedSamples", "false"));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task GetPlugins_ListsEveryFolderWithItsStatusInCamelCase()
    {
        var sandbox = _folder.AddSandbox("A-Sandbox");
        _folder.AddFixture("B-Future", PluginsFolder.DriverFixture,
            PluginsFolder.Manifest("future", PluginsFolder.DriverFixture, ["fixture"], abiVersion: SdkAbi.Version + 1));
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/plugins", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var plugins = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, plugins.Count);
        var loaded = plugins[0];
        Assert.Equal("sandbox", loaded.GetProperty("id").GetString());
        Assert.Equal("A-Sandbox", loaded.GetProperty("folder").GetString());
        Assert.Equal(SdkAbi.Version, loaded.GetProperty("abiVersion").GetInt32());
        Assert.Equal("Loaded", loaded.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, loaded.GetProperty("reason").ValueKind);
        Assert.Equal(["sandbox"], loaded.GetProperty("targetKinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["sandbox"], loaded.GetProperty("metricKinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(JsonValueKind.String, loaded.GetProperty("loadedAt").ValueKind);
        Assert.Equal(PluginCatalogLoadTests.Sha256(Path.Combine(sandbox, "PortalRelease.Plugins.Sandbox.dll")), loaded.GetProperty("hash").GetString());
        Assert.False(string.IsNullOrEmpty(loaded.GetProperty("version").GetString()));
        Assert.False(string.IsNullOrEmpty(loaded.GetProperty("description").GetString()));
        Assert.Equal("Incompatible", plugins[1].GetProperty("status").GetString());
        Assert.Contains("ABI", plugins[1].GetProperty("reason").GetString());
    }
}
