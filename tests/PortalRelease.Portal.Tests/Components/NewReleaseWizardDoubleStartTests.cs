using PortalRelease.Portal.Data.Sqlite;
using Bunit;
using Dapper;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>A double-click on Start made two releases 29 ms apart: one wizard session starts one release.</summary>
public sealed class NewReleaseWizardDoubleStartTests : PortalPageContext
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_ClickedTwiceQuickly_CreatesOneReleaseAndOpensIt(bool secondAfterFirstCompleted)
    {
        await AddSandboxTargetsAsync();
        await SaveSampleTemplateAsync("quick-canary");
        Get<NavigationManager>().NavigateTo("/releases/new?template=quick-canary");
        var wizard = Context.Render<NewReleaseWizard>();
        wizard.WaitForAssertion(() => wizard.Find("[data-testid=param-version]"), Wait);
        wizard.Find("[data-testid=param-version] input").Input("3.0.0");
        wizard.Find("[data-testid=to-preview]").Click();
        wizard.WaitForAssertion(() => wizard.Find("[data-testid=start-release]"), Wait);
        var start = wizard.Find("[data-testid=start-release]");

        // The second click either arrives while the first start is in flight, or (a fast start) after it completed and
        // before the browser has left the page: both reach the server as clicks on the same rendered button.
        var first = start.ClickAsync(new MouseEventArgs());
        if (secondAfterFirstCompleted)
        {
            await first;
        }
        var second = ClickUnlessReplacedAsync(start);
        await Task.WhenAll(first, second);

        var created = Assert.Single(await Get<ReleaseService>().ListAsync(10));
        Assert.EndsWith($"/releases/{created.Record.Id}", Get<NavigationManager>().Uri);
        Assert.True(wizard.Find("[data-testid=start-release]").HasAttribute("disabled"), "Start is enabled again after a start.");
        // The wizard created through the keyed path: its session's key names the release, under the acting user.
        await using var connection = await Get<SqliteDatabase>().OpenAsync();
        Assert.Equal(
            [(Actor: "dev-user", ReleaseId: created.Record.Id)],
            await connection.QueryAsync<(string Actor, string ReleaseId)>("SELECT actor, release_id FROM idempotency_keys"));
    }

    /// <summary>
    /// Clicks <paramref name="button"/>; when the first click's render has already replaced it (Start disabled, its
    /// handler gone), the click reaches nothing, as a browser's click on the old button would not either: still one start.
    /// </summary>
    private static async Task ClickUnlessReplacedAsync(AngleSharp.Dom.IElement button)
    {
        try
        {
            await button.ClickAsync(new MouseEventArgs());
        }
        catch (Bunit.Rendering.UnknownEventHandlerIdException)
        {
        }
    }
}
