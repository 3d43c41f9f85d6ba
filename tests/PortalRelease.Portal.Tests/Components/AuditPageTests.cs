using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Audit;
using PortalRelease.Portal.Tests.Targets;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>The Audit page over the real reader and a real SQLite file: filters from the URL, paging, export links, the chain.</summary>
public sealed class AuditPageTests : PortalPageContext
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly CapturedLogs _logs;

    public AuditPageTests()
        : this(new CapturedLogs())
    {
    }

    private AuditPageTests(CapturedLogs logs)
        : base(new Dictionary<string, string?>(), services => services.AddSingleton<ILoggerProvider>(logs))
    {
        _logs = logs;
    }

    private Task<long> AppendAsync(int minute, string actorId = "alice", string action = "target.update", string outcome = "ok", string details = "{}") =>
        Get<AuditLogRepository>().AppendAsync(new AuditRow(
            DbTime.Format(T0.AddMinutes(minute)), actorId, actorId == "alice" ? "Alice Liddell" : actorId, "local", "10.1.2.3", action, "target", "k8s-eu", outcome, details));

    private IRenderedComponent<AuditPage> RenderAt(string url)
    {
        Get<NavigationManager>().NavigateTo(url);
        return Context.Render<AuditPage>();
    }

    [Fact]
    public async Task Render_FiltersInTheUrl_ShowOnlyMatchesFillTheFieldsAndCarryIntoTheExportLinks()
    {
        await AppendAsync(0, "alice", outcome: "refused", details: """{"reason":"window closed"}""");
        await AppendAsync(1, "alfred", outcome: "ok");
        await AppendAsync(2, "bob", outcome: "refused");

        var popovers = Context.Render<MudBlazor.MudPopoverProvider>();
        var page = RenderAt("/audit?actor=al*&outcome=refused");

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=audit-table]").GetAttribute("data-count")), Wait);
        var row = page.Find("[data-testid=audit-row]");
        Assert.Equal("1", row.GetAttribute("data-id"));
        Assert.Contains("Alice Liddell (alice)", row.QuerySelector("[data-testid=audit-actor]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("local · 10.1.2.3", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-12-01 00:00:00", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("al*", page.Find("[data-testid=filter-actor] input").GetAttribute("value"));
        Assert.Equal("refused", page.Find("[data-testid=filter-outcome] input").GetAttribute("value"));
        Assert.Contains("all that match", page.Find("[data-testid=audit-shown]").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid=audit-export] button").Click();
        popovers.WaitForAssertion(() => popovers.Find("[data-testid=export-csv]"), Wait);
        Assert.EndsWith("/audit/export?actor=al%2A&outcome=refused&format=csv", popovers.Find("[data-testid=export-csv]").GetAttribute("href"), StringComparison.Ordinal);
        Assert.EndsWith("/audit/export?actor=al%2A&outcome=refused&format=jsonl", popovers.Find("[data-testid=export-jsonl]").GetAttribute("href"), StringComparison.Ordinal);
        // A download, which Blazor's router leaves to the browser instead of navigating away from the page.
        Assert.True(popovers.Find("[data-testid=export-csv]").HasAttribute("download"));
    }

    [Fact]
    public async Task Expand_ARowWithDetails_ShowsThemAndHidesThemAgain()
    {
        await AppendAsync(0, details: """{"reason":"window closed","secrets":["token"]}""");
        var page = RenderAt("/audit");
        page.WaitForAssertion(() => page.Find("[data-testid=audit-expand]"), Wait);

        page.Find("[data-testid=audit-expand]").Click();

        Assert.Contains("\"reason\": \"window closed\"", page.Find("[data-testid=audit-details]").TextContent, StringComparison.Ordinal);
        page.Find("[data-testid=audit-expand]").Click();
        Assert.Empty(page.FindAll("[data-testid=audit-details]"));
    }

    [Fact]
    public async Task Render_BadFilters_SayWhatIsWrongWithEachAndShowNoRows()
    {
        await AppendAsync(0);

        var page = RenderAt("/audit?from=yesterday&to=2026-12-01&outcome=ok&acter=bob");

        page.WaitForAssertion(() => page.Find("[data-testid=audit-filter-error]"), Wait);
        var problems = page.FindAll("[data-testid=audit-filter-problem]").ToDictionary(p => p.GetAttribute("data-parameter")!, p => p.TextContent);
        Assert.Equal(["acter", "from"], problems.Keys.Order());
        Assert.Contains("From: 'yesterday' is not an ISO 8601 date or time", problems["from"], StringComparison.Ordinal);
        Assert.Contains("'acter' is not an audit filter", problems["acter"], StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=audit-row]"));
        Assert.Equal("yesterday", page.Find("[data-testid=filter-from] input").GetAttribute("value"));
    }

    [Fact]
    public async Task Render_NothingMatches_SaysSoAndHowToWiden()
    {
        await AppendAsync(0);

        var page = RenderAt("/audit?actor=nobody");

        page.WaitForAssertion(() => Assert.Contains("No audit entry matches these filters", page.Find("[data-testid=audit-empty]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public void Render_EmptyLog_SaysTheLogIsEmpty()
    {
        var page = RenderAt("/audit");

        page.WaitForAssertion(() => Assert.Contains("The audit log is empty", page.Find("[data-testid=audit-empty]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task LoadMore_ToTheEnd_AppendsEachPageOnceInOrderThenGoes()
    {
        const int Page = AuditFilterParser.DefaultLimit;
        for (var i = 0; i < (2 * Page) + 5; i++)
        {
            await AppendAsync(i);
        }
        var page = RenderAt("/audit");
        page.WaitForAssertion(() => Assert.Equal($"{Page}", page.Find("[data-testid=audit-table]").GetAttribute("data-count")), Wait);

        await page.Find("[data-testid=audit-more]").ClickAsync(new MouseEventArgs());
        Assert.Equal($"{2 * Page}", page.Find("[data-testid=audit-table]").GetAttribute("data-count"));
        await page.Find("[data-testid=audit-more]").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=audit-more]")), Wait);
        var ids = page.FindAll("[data-testid=audit-row]").Select(r => long.Parse(r.GetAttribute("data-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, (2 * Page) + 5).Select(i => (long)i).Reverse(), ids);
    }

    [Fact]
    public async Task Apply_TypedFilters_PutsThemInTheUrlAndShowsTheMatches()
    {
        await AppendAsync(0, "alice");
        await AppendAsync(1, "bob", action: "template.import");
        var page = RenderAt("/audit");
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=audit-table]").GetAttribute("data-count")), Wait);

        page.Find("[data-testid=filter-actor] input").Input("bob ");
        page.Find("[data-testid=filter-action] input").Input("template");
        // MudBlazor applies a typed value asynchronously: click once both fields hold what was typed.
        page.WaitForAssertion(() => Assert.Equal(("bob ", "template"), (
            page.Find("[data-testid=filter-actor] input").GetAttribute("value"), page.Find("[data-testid=filter-action] input").GetAttribute("value"))), Wait);
        page.Find("[data-testid=filter-apply]").Click();

        page.WaitForAssertion(() => Assert.EndsWith("/audit?actor=bob&action=template", Get<NavigationManager>().Uri, StringComparison.Ordinal), Wait);
        page.WaitForAssertion(() => Assert.Equal(["template.import"], page.FindAll("[data-testid=audit-row]").Select(r => r.GetAttribute("data-action"))), Wait);
    }

    [Fact]
    public async Task VerifyNow_EditedRow_ShowsTheFirstBrokenLink()
    {
        await AppendAsync(0);
        await AppendAsync(1);
        await AppendAsync(2);
        await Tamper.RunAsync(Get<PortalPaths>().DatabaseFile, "UPDATE audit_log SET actor_id = 'mallory' WHERE id = 2");
        var page = RenderAt("/audit");
        page.WaitForAssertion(() => Assert.Equal("unknown", page.Find("[data-testid=chain-status]").GetAttribute("data-state")), Wait);

        await page.Find("[data-testid=chain-verify]").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => Assert.Equal("broken", page.Find("[data-testid=chain-status]").GetAttribute("data-state")), Wait);
        Assert.Contains("audit_log row 2: content-hash-mismatch", page.Find("[data-testid=chain-broken]").TextContent, StringComparison.Ordinal);
        Assert.Equal("1", page.Find("[data-testid=chain-status]").GetAttribute("data-verifications"));
        // Who verified is in the log: reading the trail leaves a trace.
        Assert.Single(_logs.Lines, l => l.Contains("dev-user verified the audit chains", StringComparison.Ordinal));
    }
}
