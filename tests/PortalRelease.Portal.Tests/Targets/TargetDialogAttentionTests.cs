using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PortalRelease.Portal.Components.Dialogs;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Targets;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// A failed save in the target dialog names every field that needs attention at the top and scrolls to and focuses the
/// first of them (through the field-focus script module), so an error below the fold of a long form is not missed.
/// </summary>
public sealed class TargetDialogAttentionTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TargetsPortal _portal = new();
    private readonly BunitContext _context = new();
    private BunitJSModuleInterop _focus = null!;

    public Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _focus = _context.JSInterop.SetupModule(TargetDialog.FocusModule);
        _focus.Setup<bool>("focusField", _ => true).SetResult(true);
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(_portal.Services.GetRequiredService<TargetService>());
        _context.Services.AddScoped(_ => _portal.Services.CreateScope().ServiceProvider.GetRequiredService<PortalRelease.Portal.Api.RequestAuditActor>());
        _context.SetRendererInfo(new RendererInfo("Server", true));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _portal.DisposeAsync();
    }

    [Fact]
    public async Task Save_RequiredSettingsEmpty_SummaryNamesThemAndTheFirstIsFocused()
    {
        var page = await OpenNewTargetDialogAsync();
        page.Find("[data-testid=target-name] input, input[data-testid=target-name]").Input("api-eu");

        page.Find("[data-testid=target-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("2 settings need attention: Endpoint, API token", page.Find("[data-testid=target-attention]").TextContent.Trim()), Wait);
        page.WaitForAssertion(() => Assert.Equal("setting-endpoint", Assert.Single(_focus.Invocations["focusField"]).Arguments[0]), Wait);
        Assert.NotNull(page.Find("#setting-endpoint input"));
    }

    [Fact]
    public async Task Save_DriverRefusesASetting_SummaryNamesItFocusesItAndSavesNothing()
    {
        var page = await OpenNewTargetDialogAsync();
        page.Find("[data-testid=target-name] input, input[data-testid=target-name]").Input("api-eu");
        page.Find("[data-testid='field-/endpoint'] input").Input("https://invalid.test");
        page.Find("[data-testid='field-/token'] input").Input("token-1234567890");

        page.Find("[data-testid=target-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("1 setting needs attention: Endpoint", page.Find("[data-testid=target-attention]").TextContent.Trim()), Wait);
        page.WaitForAssertion(() => Assert.Equal("setting-endpoint", Assert.Single(_focus.Invocations["focusField"]).Arguments[0]), Wait);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await _portal.Http.GetAsync("/api/targets/api-eu")).StatusCode);
    }

    [Fact]
    public async Task Save_NameMissing_TheNameComesFirstAndIsFocused()
    {
        var page = await OpenNewTargetDialogAsync();
        page.Find("[data-testid='field-/endpoint'] input").Input("https://api.test");
        page.Find("[data-testid='field-/token'] input").Input("token-1234567890");

        page.Find("[data-testid=target-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("1 setting needs attention: Name", page.Find("[data-testid=target-attention]").TextContent.Trim()), Wait);
        page.WaitForAssertion(() => Assert.Equal(TargetDialog.NameElementId, Assert.Single(_focus.Invocations["focusField"]).Arguments[0]), Wait);
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenNewTargetDialogAsync()
    {
        var page = _context.Render<MudDialogProvider>();
        IReadOnlyList<ITargetDriver> kinds = [_portal.Services.GetRequiredService<PluginCatalog>().FindDriver(TargetsPortal.Kind)!];
        var dialogs = _context.Services.GetRequiredService<IDialogService>();
        await page.InvokeAsync(() => dialogs.ShowAsync<TargetDialog>("New target", new DialogParameters<TargetDialog> { { d => d.Kinds, kinds } }));
        page.WaitForAssertion(() => page.Find("[data-testid='field-/endpoint'] input"), Wait);
        return page;
    }
}
