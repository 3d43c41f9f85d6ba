using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using PortalRelease.Portal.Plugins;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Plugins;

public sealed class PluginsPageTests : IAsyncLifetime
{
    private readonly PluginsFolder _folder = new();
    private readonly BunitContext _context = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public void Render_LoadedAndBrokenPlugins_ShowsStatusReasonKindsAndShortHash()
    {
        _folder.AddSandbox();
        _folder.AddFixture("Throwing", PluginsFolder.ThrowingFixture, PluginsFolder.Manifest("throwing", PluginsFolder.ThrowingFixture, ["throwing"]));
        _folder.AddFixture("Future", PluginsFolder.DriverFixture, PluginsFolder.Manifest("future", PluginsFolder.DriverFixture, abiVersion: SdkAbi.Version + 1));
        var catalog = Use(_folder.CreateCatalog());

        var page = _context.Render<Components.Pages.Plugins>();

        var statuses = page.FindAll("[data-status]").Select(e => e.GetAttribute("data-status")).ToList();
        Assert.Equal(["Incompatible", "Loaded", "Failed"], statuses);
        Assert.Contains("mud-chip-color-success", page.Find("[data-status=Loaded]").ClassName);
        Assert.Contains("mud-chip-color-warning", page.Find("[data-status=Incompatible]").ClassName);
        Assert.Contains("mud-chip-color-error", page.Find("[data-status=Failed]").ClassName);
        Assert.Contains("fixture failure during Register", page.Markup);
        Assert.Contains(catalog.Plugins[1].Hash![..12], page.Markup);
        Assert.Contains("sandbox", page.FindAll(".mud-chip").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public void Render_NoPlugins_ExplainsWherePluginsGo()
    {
        Use(_folder.CreateCatalog());

        var page = _context.Render<Components.Pages.Plugins>();

        var empty = page.Find("#plugins-empty");
        Assert.Contains("plugins/<Name>/", empty.TextContent);
        Assert.Contains("plugin.json", empty.TextContent);
        Assert.Contains(_folder.PluginsDirectory, empty.TextContent);
    }

    private PluginCatalog Use(PluginCatalog catalog)
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddSingleton(catalog);
        _context.Services.AddMudServices();
        _context.SetRendererInfo(new RendererInfo("Server", true));
        return catalog;
    }
}
