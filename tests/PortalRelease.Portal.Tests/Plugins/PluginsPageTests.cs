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
        Assert.Contains(catalog.Plugins[1].Sha256![..12], page.Find("[data-sha256=Sandbox]").TextContent);
        Assert.Contains("sandbox", page.FindAll(".mud-chip").Select(c => c.TextContent.Trim()));
        Assert.Contains(" ms", page.Find("[data-loaded-at=Sandbox]").ParentElement!.TextContent);
    }

    [Fact]
    public void Render_DevelopmentMode_ShowsTheAllowlistNotEnforcedBanner()
    {
        _folder.AddSandbox();
        Use(_folder.CreateCatalog());

        var page = _context.Render<Components.Pages.Plugins>();

        Assert.Contains("allowlist not enforced", page.Find("#plugins-development-mode").TextContent);
        Assert.Empty(page.FindAll("#plugins-allowlist"));
    }

    [Fact]
    public void Render_AllowlistEnforced_ShowsUntrustedWithItsHashAndNoBanner()
    {
        var folder = _folder.AddSandbox();
        Use(_folder.CreateCatalog(trust: PluginsFolder.Allowing()));

        var page = _context.Render<Components.Pages.Plugins>();

        Assert.Empty(page.FindAll("#plugins-development-mode"));
        Assert.Contains("Allowlist enforced", page.Find("#plugins-allowlist").TextContent);
        Assert.Contains("mud-chip-color-error", page.Find("[data-status=Untrusted]").ClassName);
        Assert.Contains($"sha256:{PluginFolderHash.Compute(folder)}", page.Markup);
    }

    [Fact]
    public void CopyButton_Click_WritesTheFullHashToTheClipboard()
    {
        var folder = _folder.AddSandbox();
        Use(_folder.CreateCatalog());
        var page = _context.Render<Components.Pages.Plugins>();

        page.Find("button[data-copy-sha256=Sandbox]").Click();

        var call = _context.JSInterop.VerifyInvoke("navigator.clipboard.writeText");
        Assert.Equal(PluginFolderHash.Compute(folder), call.Arguments.Single());
    }

    [Fact]
    public void Render_ReloadDeferred_ShowsWhichReleaseItWaitsFor()
    {
        _folder.AddSandbox();
        var catalog = Use(_folder.CreateCatalog());
        var page = _context.Render<Components.Pages.Plugins>();
        Assert.Empty(page.FindAll("[data-pending=Sandbox]"));

        catalog.SetPending("Sandbox", "Reload pending: in use by release r-42; it happens when that release settles.");

        page.WaitForAssertion(() => Assert.Contains("in use by release r-42", page.Find("[data-pending-reason=Sandbox]").TextContent));
        Assert.Contains("reload pending", page.Find("[data-pending=Sandbox]").TextContent);
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
        // The banner reads the cluster's nodes from the database; NodesPanelTests cover what it says.
        _context.ComponentFactories.AddStub<Components.Controls.PluginMismatchBanner>();
        _context.SetRendererInfo(new RendererInfo("Server", true));
        return catalog;
    }
}
