using PortalRelease.Portal.Data.Sqlite;
using Bunit;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>Start when the database refuses the new release: the wizard says so and keeps the input; the circuit lives.</summary>
public sealed class NewReleaseWizardStartFailureTests : PortalPageContext
{
    [Fact]
    public async Task Start_DatabaseRefusesTheRelease_ShowsTheErrorKeepsTheInputAndAStartLaterSucceeds()
    {
        await AddSandboxTargetsAsync();
        await SaveSampleTemplateAsync("quick-canary");
        Get<NavigationManager>().NavigateTo("/releases/new?template=quick-canary");
        var wizard = Context.Render<NewReleaseWizard>();
        wizard.WaitForAssertion(() => wizard.Find("[data-testid=param-version]"), Wait);
        wizard.Find("[data-testid=param-version] input").Input("2.0.0");
        wizard.Find("[data-testid=to-preview]").Click();
        wizard.WaitForAssertion(() => wizard.Find("[data-testid=start-release]"), Wait);
        // A real SQLite failure on the insert the journal writer makes (as "database is locked" would be).
        await ExecuteAsync("CREATE TRIGGER refuse_releases BEFORE INSERT ON releases BEGIN SELECT RAISE(ABORT, 'database is locked'); END;");

        wizard.Find("[data-testid=start-release]").Click();

        wizard.WaitForAssertion(() => Assert.Contains("The release was not created", wizard.Find("[data-testid=error-start]").TextContent), Wait);
        Assert.Contains("database is locked", wizard.Find("[data-testid=error-start]").TextContent);
        Assert.Equal("2.0.0", wizard.Find("[data-testid=preview-version]").TextContent);
        Assert.Contains("/releases/new", Get<NavigationManager>().Uri);
        Assert.Empty(await Get<ReleaseService>().ListAsync(10));

        await ExecuteAsync("DROP TRIGGER refuse_releases;");
        wizard.Find("[data-testid=start-release]").Click();

        wizard.WaitForAssertion(() => Assert.DoesNotContain("/releases/new", Get<NavigationManager>().Uri), Wait);
        var created = Assert.Single(await Get<ReleaseService>().ListAsync(10));
        Assert.Equal("2.0.0", created.Record.Version);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await Get<SqliteDatabase>().OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
