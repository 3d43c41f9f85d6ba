using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Gates;

/// <summary>The approvals page on the portal's real container and SQLite; the engine is not started.</summary>
public sealed class ApprovalsPageTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _root = Directory.CreateTempSubdirectory("portal-approvals-").FullName;
    private readonly BunitContext _context = new();

    public ApprovalsPageTests()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Portal:Auth:Mode"] = "Development",
            ["Portal:DataDirectory"] = Path.Combine(_root, "data"),
            ["Portal:PluginsDirectory"] = Path.Combine(_root, "plugins"),
            ["Portal:SeedSamples"] = "false",
        };
        foreach (var (key, value) in GatesPortal.Roles)
        {
            settings[key] = value;
        }
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _root, EnvironmentName = "Development", ApplicationName = "PortalRelease.Portal" });
        _context.Services.AddLogging();
        _context.Services.AddPortalServices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        _context.SetRendererInfo(new RendererInfo("Server", true));
    }

    private T Get<T>() where T : notnull => _context.Services.GetRequiredService<T>();

    public Task InitializeAsync() => Get<SchemaMigrator>().MigrateAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment.
        }
    }

    [Fact]
    public async Task Approve_FromTheQueue_JournalsTheCommentAndMovesTheRowToTheNextApprover()
    {
        var id = await AwaitingApprovalAsync("7.1.0");
        Assert.True(Get<CurrentActor>().Switch("bob"));
        var page = _context.Render(builder =>
        {
            builder.OpenComponent<MudDialogProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<Approvals>(1);
            builder.CloseComponent();
        });
        page.WaitForAssertion(() => Assert.Contains(id, page.Find("[data-testid=approval-release]").TextContent), Wait);
        Assert.Contains("Stage production: 2 approvals from release-managers", page.Find("[data-testid=approval-gate]").TextContent);
        Assert.Contains("0 of 2", page.Find("[data-testid=approval-progress]").TextContent);
        Assert.Contains("alice", page.Markup);
        Assert.Contains("checkout", page.Markup);

        page.Find("[data-testid=approve]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=approval-dialog]"), Wait);
        page.Find("textarea[data-testid=approval-comment], [data-testid=approval-comment] textarea").Input("canary looked clean");
        page.Find("[data-testid=approval-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("Nothing waits for bob", page.Find("[data-testid=approvals-empty]").TextContent), Wait);
        var given = Assert.Single(await Get<JournalRepository>().ReadAsync(id, 0), e => e.Type == nameof(ApprovalGiven));
        Assert.Equal("bob", given.Actor);
        Assert.Equal("canary looked clean", given.Payload<ApprovalGiven>().Comment);

        Get<CurrentActor>().Switch("carol");
        page.WaitForAssertion(() => Assert.Contains("1 of 2 (bob)", page.Find("[data-testid=approval-progress]").TextContent), Wait);
        Get<CurrentActor>().Switch("alice");
        page.WaitForAssertion(() => page.Find("[data-testid=approvals-empty]"), Wait);
    }

    [Fact]
    public async Task Reject_WithoutComment_IsNotSent()
    {
        var id = await AwaitingApprovalAsync("7.2.0");
        Get<CurrentActor>().Switch("carol");
        var page = _context.Render(builder =>
        {
            builder.OpenComponent<MudDialogProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<Approvals>(1);
            builder.CloseComponent();
        });
        page.WaitForAssertion(() => page.Find("[data-testid=reject]"), Wait);

        page.Find("[data-testid=reject]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=approval-dialog]"), Wait);
        page.Find("[data-testid=approval-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("Say why", page.Markup), Wait);
        Assert.DoesNotContain(await Get<JournalRepository>().ReadAsync(id, 0), e => e.Type == nameof(ApprovalRejected));
    }

    [Fact]
    public async Task GateStatus_OverrideOnAReleaseFrozenByItsErrorBudget_OverridesTheErrorBudgetGate()
    {
        var id = await AwaitingApprovalAsync("7.3.0", new WindowWaiting(0, "production", "production", null,
            Portal.Slos.SloText.Frozen("checkout", -0.12)));
        Get<CurrentActor>().Switch("carol");
        // The gates panel lives on the release page, which asks the service what carol may do there.
        var page = _context.Render(builder =>
        {
            builder.OpenComponent<MudDialogProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<Components.Pages.ReleasePage>(1);
            builder.AddAttribute(2, nameof(Components.Pages.ReleasePage.Id), id);
            builder.CloseComponent();
        });
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=gate-override]").HasAttribute("disabled")), Wait);
        Assert.Contains("Override budget freeze", page.Find("[data-testid=gate-override]").TextContent);

        page.Find("[data-testid=gate-override]").Click();
        page.WaitForAssertion(() => Assert.Contains("error budget is spent", page.Find("[data-testid=approval-dialog]").TextContent), Wait);
        page.Find("[data-testid=approval-confirm]").Click();
        page.WaitForAssertion(() => Assert.Contains("Give the reason: it is kept in the journal with your name.", page.Find("[data-testid=approval-dialog]").TextContent), Wait);
        Assert.Contains("Reason (required)", page.Find("[data-testid=approval-dialog]").TextContent);
        page.Find("textarea[data-testid=approval-comment], [data-testid=approval-comment] textarea").Input("hotfix for the outage itself");
        page.Find("[data-testid=approval-confirm]").Click();

        await Poll.UntilAsync(async () => (await Get<JournalRepository>().ReadAsync(id, 0)).Any(e => e.Type == nameof(GateOverridden)), "the override", Wait);
        var overridden = Assert.Single(await Get<JournalRepository>().ReadAsync(id, 0), e => e.Type == nameof(GateOverridden));
        Assert.Equal("carol", overridden.Actor);
        Assert.Equal("error-budget", overridden.Payload<GateOverridden>().Gate);
        Assert.Equal("hotfix for the outage itself", overridden.Payload<GateOverridden>().Reason);
    }

    /// <summary>A release by alice, deploying and waiting for two release managers, written straight to the journal.</summary>
    private async Task<string> AwaitingApprovalAsync(string version, WindowWaiting? waiting = null)
    {
        const string yaml = """
            name: checkout-release
            service: checkout
            stages:
              - name: production
                approval: { role: release-managers, approvers: 2 }
                targets: [sandbox-eu]
                steps:
                  - setWeight: 10
            """;
        var template = Get<TemplateParser>().Parse(yaml).Template!;
        await Get<TemplateRepository>().SaveAsync(template.Name, template.Description, yaml, "alice", DateTimeOffset.UtcNow);
        var plan = new TemplateCompiler().Compile(template, new Dictionary<string, JsonElement>()).Plan!;
        var id = Guid.NewGuid().ToString("N")[..12];
        var record = new ReleaseRecord(id, template.Name, 1, version, "{}", JsonSerializer.Serialize(plan, JournalJson.Options), DateTimeOffset.UtcNow, "alice");
        await Get<JournalWriter>().CreateReleaseAsync(record, [
            EventDraft.Of(new ReleaseCreated(template.Name, 1, version, new Dictionary<string, object?>()), "alice"),
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, null)),
            EventDraft.Of(new StepStarted(0, "production", plan.Stages[0].Steps[0].Describe())),
            waiting is null
                ? EventDraft.Of(new ApprovalRequested(0, "production", "release-managers", 2, null, ApprovalTimeoutOutcome.Reject), "engine")
                : EventDraft.Of(waiting, "engine"),
        ]);
        return id;
    }
}
