using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Plugins;

/// <summary>The repository's appsettings.json enforces trust: built-ins through the build's manifest, others by the operator.</summary>
public sealed class ShippedPluginTrustTests
{
    private static readonly string[] BuiltIns = ["Sandbox", "Prometheus", "Kubernetes", "DbMigrations", "Serverless", "Cdn"];

    [Fact]
    public async Task ShippedSettings_FreshBuild_EveryBuiltInPluginLoadsByTheBuildsManifest()
    {
        // The manifest the build wrote beside the portal's binaries holds exactly the hashes the portal computes.
        var manifestPath = Path.Combine(AppContext.BaseDirectory, "builtin-plugins.json");
        Assert.True(File.Exists(manifestPath), $"The build wrote no {manifestPath}.");
        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var listed = manifest.RootElement.GetProperty("plugins").EnumerateArray()
            .ToDictionary(p => p.GetProperty("folder").GetString()!, p => p.GetProperty("sha256").GetString()!);
        Assert.Equal(BuiltIns.Order(), listed.Keys.Order());
        foreach (var folder in BuiltIns)
        {
            Assert.Equal(PluginFolderHash.Compute(Path.Combine(TempPortalHome.RepoRoot(), "plugins", folder)), listed[folder]);
        }
        await using var portal = new ShippedSettingsPortal();
        foreach (var folder in BuiltIns)
        {
            portal.AddBuiltIn(folder);
        }
        using var client = portal.CreateClient();

        foreach (var folder in BuiltIns)
        {
            var plugin = await portal.PluginAsync(client, folder);
            Assert.True(plugin.GetProperty("status").GetString() == "Loaded", $"{folder}: {plugin.GetRawText()}");
        }
        Assert.False(portal.Services.GetRequiredService<PluginCatalog>().DevelopmentMode);
    }

    [Fact]
    public async Task ShippedSettings_BuiltInPluginWithOneByteOfItsDllChanged_IsUntrustedAndNotLoaded()
    {
        await using var portal = new ShippedSettingsPortal();
        var folder = portal.AddBuiltIn("Sandbox");
        var dll = Path.Combine(folder, "PortalRelease.Plugins.Sandbox.dll");
        var bytes = File.ReadAllBytes(dll);
        // A byte in the middle of the image: the assembly still looks like one, only its hash tells.
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(dll, bytes);
        using var client = portal.CreateClient();

        var plugin = await portal.PluginAsync(client, "Sandbox");

        Assert.Equal("Untrusted", plugin.GetProperty("status").GetString());
        Assert.Contains($"sha256:{PluginFolderHash.Compute(folder)}", plugin.GetProperty("reason").GetString());
        Assert.Contains("Portal:Plugins:Allowed", plugin.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, plugin.GetProperty("loadedAt").ValueKind);
        Assert.Null(portal.Services.GetRequiredService<PluginCatalog>().FindDriver("sandbox"));
    }

    [Fact]
    public async Task ShippedSettings_UnknownPlugin_IsUntrustedUntilTheOperatorAllowsIt()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "fixture-plugins", PluginsFolder.DriverFixture);
        string hash;
        await using (var portal = new ShippedSettingsPortal())
        {
            hash = PluginFolderHash.Compute(AddFixture(portal, fixture));
            using var client = portal.CreateClient();

            var plugin = await portal.PluginAsync(client, "Fixture");

            Assert.Equal("Untrusted", plugin.GetProperty("status").GetString());
            Assert.Null(portal.Services.GetRequiredService<PluginCatalog>().FindDriver("fixture"));
        }
        await using (var allowed = new ShippedSettingsPortal(new Dictionary<string, string?> { ["Portal:Plugins:Allowed:0:id"] = "fixture", ["Portal:Plugins:Allowed:0:sha256"] = hash }))
        {
            AddFixture(allowed, fixture);
            using var client = allowed.CreateClient();

            Assert.Equal("Loaded", (await allowed.PluginAsync(client, "Fixture")).GetProperty("status").GetString());
        }
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:5080", "0.0.0.0")]
    [InlineData("urls", "http://localhost:5080;http://portal.example:5081", "portal.example")]
    [InlineData("http_ports", "8080", "HTTP_PORTS")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://[::]:5080", "Kestrel:Endpoints:Public:Url")]
    public async Task DevelopmentMode_ListeningBeyondLoopback_RefusesToStartNamingTheSetting(string key, string value, string named)
    {
        var error = await StartFailure.OfAsync(async () =>
        {
            await using var portal = new PluginsPortal(new Dictionary<string, string> { ["Portal:Plugins:DevelopmentMode"] = "true", [key] = value });
            portal.CreateClient();
        });

        var message = error.ToString();
        Assert.Contains("Portal:Plugins:DevelopmentMode", message);
        Assert.Contains("loopback", message);
        Assert.Contains(named, message);
    }

    [Fact]
    public async Task DevelopmentMode_ListeningOnLoopbackOnly_Starts()
    {
        await using var portal = new PluginsPortal(new Dictionary<string, string>
        {
            ["Portal:Plugins:DevelopmentMode"] = "true",
            ["urls"] = "http://localhost:5080;http://127.0.0.1:5081;http://[::1]:5082",
        });
        using var client = portal.CreateClient();

        Assert.Equal("Loaded", (await portal.GetPluginsAsync(client)).Single().GetProperty("status").GetString());
    }

    private static string AddFixture(ShippedSettingsPortal portal, string fixture)
    {
        var folder = Directory.CreateDirectory(Path.Combine(portal.PluginsDirectory, "Fixture")).FullName;
        File.Copy(fixture, Path.Combine(folder, PluginsFolder.DriverFixture));
        PluginsFolder.WriteManifest(folder, JsonSerializer.Serialize(PluginsFolder.Manifest("fixture", PluginsFolder.DriverFixture, ["fixture"], ["fixture-metrics"])));
        return folder;
    }
}
