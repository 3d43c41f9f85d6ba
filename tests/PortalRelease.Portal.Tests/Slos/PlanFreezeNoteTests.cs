using System.Text.Json;
using Bunit;
using PortalRelease.Portal.Components.Controls;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.PortalComponents;

namespace PortalRelease.Portal.Tests.Slos;

/// <summary>The plan preview says a release will wait for the error-budget gate before anyone starts it.</summary>
public sealed class PlanFreezeNoteTests : PortalPageContext, IDisposable
{
    private readonly TempPortalHome _home;

    public PlanFreezeNoteTests()
        : this(new TempPortalHome())
    {
    }

    /// <summary>The real Sandbox plugin, copied into a home of its own, measures the SLOs.</summary>
    private PlanFreezeNoteTests(TempPortalHome home)
        : base(new Dictionary<string, string?> { ["Portal:PluginsDirectory"] = home.PluginsDirectory }) => _home = home;

    public void Dispose() => _home.Dispose();

    private static ReleasePlan Plan(string target) => new TemplateCompiler().Compile(new TemplateParser().Parse($$"""
        name: checkout-canary
        service: checkout
        slos:
          - name: availability
            objective: 99%
            window: 10m
            good: requests-good
            total: requests-total
        stages:
          - name: prod
            targets: [{{target}}]
            steps:
              - setWeight: 50
        """).Template!, new Dictionary<string, JsonElement>()).Plan!;

    [Fact]
    public async Task SpentBudget_SaysTheReleaseWillWaitForTheErrorBudgetGate()
    {
        // 5 % of requests fail against a 99 % objective: the budget is overspent about four times.
        await Get<TargetRepository>().AddAsync(new TargetRecord("spent-eu", "sandbox", """{"baseErrorRate":0.05}""", DateTimeOffset.UtcNow));

        var note = Context.Render<PlanSloNote>(p => p.Add(x => x.Plan, Plan("spent-eu")));

        note.WaitForAssertion(() =>
        {
            var frozen = System.Text.RegularExpressions.Regex.Replace(note.Find("[data-testid=plan-budget-frozen]").TextContent, @"\s+", " ");
            Assert.Contains("Budget spent — this release will wait for the error-budget gate: the error budget of checkout is spent (\u2212", frozen, StringComparison.Ordinal);
            Assert.Contains("It is created all the same", frozen, StringComparison.Ordinal);
        }, Wait);
    }

    [Fact]
    public async Task BudgetLeft_SaysNothingAboutAFreeze()
    {
        await Get<TargetRepository>().AddAsync(new TargetRecord("healthy-eu", "sandbox", """{"baseErrorRate":0.001}""", DateTimeOffset.UtcNow));

        var note = Context.Render<PlanSloNote>(p => p.Add(x => x.Plan, Plan("healthy-eu")));

        // Rendered again once the budget was measured.
        note.WaitForState(() => note.RenderCount > 1, Wait);
        Assert.Single(note.FindAll("[data-testid=plan-slo]"));
        Assert.Empty(note.FindAll("[data-testid=plan-budget-frozen]"));
    }
}
