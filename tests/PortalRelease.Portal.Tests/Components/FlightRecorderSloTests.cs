using System.Globalization;
using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>
/// A release whose plan declares <c>slos:</c>: the flight recorder charts each SLO's SLI across the release, counted by
/// the real Sandbox metric source through the SLO evaluator, against the objective, with the deployment markers.
/// </summary>
public sealed class FlightRecorderSloTests : PortalPageContext
{
    private static readonly SloDefinition Availability = new("availability", 0.99, TimeSpan.FromHours(1), null, "requests-good", "requests-total", BurnRatePolicy.Default);

    /// <summary>The Sandbox plugin in this context's plugins folder, before anything loads the catalog.</summary>
    private void DeploySandboxPlugin()
    {
        var source = Path.Combine(TempPortalHome.RepoRoot(), "plugins", "Sandbox");
        var target = Directory.CreateDirectory(Path.Combine(Get<PortalPaths>().PluginsDirectory, "Sandbox")).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    /// <summary>A canary release that ran from 5 minutes ago to 1 minute ago, its events stamped with those times.</summary>
    private async Task<string> PastReleaseAsync(string target)
    {
        var plan = new ReleasePlan([new PlanStage("prod", [target], [new SetWeightStep(25), new PromoteStep()])], new RollbackPolicy(true)) { Slos = [Availability] };
        await SaveSampleTemplateAsync("quick-canary");
        var id = Guid.NewGuid().ToString("N")[..12];
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var record = new ReleaseRecord(id, "quick-canary", 1, "2.0.0", "{}", JsonSerializer.Serialize(plan, JournalJson.Options), start, Actor);
        var writer = Get<JournalWriter>();
        await writer.CreateReleaseAsync(record, [EventDraft.Imported(new ReleaseCreated("quick-canary", 1, "2.0.0", new Dictionary<string, object?>()), start, Actor)]);
        var weight = ActionKeys.Apply(id, 0, target);
        var promote = ActionKeys.Apply(id, 1, target);
        await writer.AppendAsync(id,
            EventDraft.Imported(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), start.AddSeconds(1)),
            EventDraft.Imported(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started"), start.AddSeconds(2)),
            EventDraft.Imported(new ActionIntended(weight, target, "apply", "2.0.0", Cohorts.Canary, 25), start.AddSeconds(30)),
            EventDraft.Imported(new ActionDone(weight, target, "Applied", null), start.AddSeconds(31)),
            EventDraft.Imported(new ActionIntended(promote, target, "apply", "2.0.0", Cohorts.Stable, 100), start.AddMinutes(3)),
            EventDraft.Imported(new ActionDone(promote, target, "Applied", null), start.AddMinutes(3).AddSeconds(1)),
            EventDraft.Imported(new StateChanged(Lifecycle.Deploying, Lifecycle.Promoted, "All steps done"), start.AddMinutes(4)));
        return id;
    }

    private IRenderedComponent<ReleasePage> Open(string id)
    {
        Get<NavigationManager>().NavigateTo($"/releases/{id}");
        return Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
    }

    [Fact]
    public async Task ReleaseWithSlos_ChartsTheServiceSliAgainstItsObjective_WithDeploymentMarkers()
    {
        DeploySandboxPlugin();
        // 5 % of the service's requests fail: an SLI near 95 % under a 99 % objective.
        var settings = JsonSerializer.Serialize(new { requestsPerSecond = 200, baseErrorRate = 0.05, baseLatencyMs = 120 });
        await Get<TargetRepository>().AddAsync(new TargetRecord("slo-eu", "sandbox", settings, DateTimeOffset.UtcNow.AddHours(-1)));
        var id = await PastReleaseAsync("slo-eu");

        var page = Open(id);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=slo-flight-chart]")), Wait);
        var chart = page.Find("[data-testid=slo-flight-chart]");
        Assert.Equal("availability", chart.GetAttribute("data-slo"));
        Assert.Equal("99", chart.GetAttribute("data-objective"));
        // Four minutes in 5-second buckets, every one of them with traffic.
        Assert.InRange(int.Parse(chart.GetAttribute("data-points")!, CultureInfo.InvariantCulture), 45, 50);
        Assert.InRange(double.Parse(chart.GetAttribute("data-lowest")!, CultureInfo.InvariantCulture), 85, 98);
        Assert.Single(chart.QuerySelectorAll("[data-testid=slo-objective]"));
        Assert.Equal(["weight", "promote", "promote"], chart.QuerySelectorAll("[data-testid=flight-marker]").Select(m => m.GetAttribute("data-kind")));
        Assert.All(chart.QuerySelectorAll("[data-testid=flight-marker]"), m => Assert.StartsWith($"releases/{id}?event=", m.GetAttribute("href"), StringComparison.Ordinal));
        // The release's own telemetry chart gives way to the SLO's.
        Assert.Empty(page.FindAll("[data-testid=flight-chart]"));
        Assert.Empty(page.FindAll("[data-testid=slo-flight-error]"));
    }

    [Fact]
    public async Task ReleaseWithSlos_WhoseTargetCannotBeCounted_SaysWhyInsteadOfAChart()
    {
        var id = await PastReleaseAsync("gone-eu");

        var page = Open(id);

        page.WaitForAssertion(() => Assert.Equal(
            "SLO availability: target 'gone-eu' does not exist.",
            page.Find("[data-testid=slo-flight-error]").TextContent.Trim()), Wait);
        Assert.Equal("0", page.Find("[data-testid=slo-flight-chart]").GetAttribute("data-points"));
    }
}
