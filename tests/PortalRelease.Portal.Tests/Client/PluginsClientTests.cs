using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's plugin and template lists against the real in-memory portal, and their contracts.</summary>
public sealed class PluginsClientTests : PortalTest
{
    [Fact]
    public async Task ListPlugins_WithTheSandbox_ListsItLoadedWithItsKind()
    {
        var plugins = await new PortalRelease.Client.PortalClient(Portal.Http).ListPluginsAsync();

        var sandbox = Assert.Single(plugins, p => p.TargetKinds.Contains("sandbox"));
        Assert.Equal("Loaded", sandbox.Status);
        Assert.NotNull(sandbox.LoadedAt);
        ContractAssert.RoundTrips<List<PluginView>>(await Portal.Http.GetStringAsync("/api/plugins"));
    }

    [Fact]
    public async Task ListTemplates_SeededSamples_ListsThemWithoutTheirYaml()
    {
        var templates = await new PortalRelease.Client.PortalClient(Portal.Http).ListTemplatesAsync();

        var canary = Assert.Single(templates, t => t.Name == "web-canary");
        Assert.Null(canary.Yaml);
        ContractAssert.RoundTrips<List<TemplateView>>(await Portal.Http.GetStringAsync("/api/templates"));
    }
}
