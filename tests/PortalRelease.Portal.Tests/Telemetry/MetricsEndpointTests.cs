using System.Net.Http.Json;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Telemetry;

/// <summary>
/// OpenTelemetry listens to meters by name across the process, so portals of other test classes running at the same
/// time would add to these counts: this collection runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(MetricsEndpointTests), DisableParallelization = true)]
public sealed class MetricsCollection;

[Collection(nameof(MetricsEndpointTests))]
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterAPromotionAndARollback_ReportPortalFiguresDerivedFromTheJournal()
    {
        await using var portal = new TestPortal();
        var healthy = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.0");
        await portal.Client.WaitForStateAsync(healthy, "Promoted");
        var faulty = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.1-bad");
        await portal.Client.WaitForStateAsync(faulty, "RolledBack");

        // The listener follows the event stream and the exporter caches a scrape briefly: wait for the rollback to show.
        var text = await Poll.UntilAsync(
            async () =>
            {
                var scraped = await portal.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                return Sample(scraped, "portal_rollbacks_total", "kind", "RolledBack") == 1 ? scraped : null;
            },
            "the rollback to be counted at /metrics");

        Assert.Equal(1, Sample(text, "portal_release_transitions_total", "state", "Promoted"));
        Assert.Equal(1, Sample(text, "portal_release_transitions_total", "state", "RolledBack"));
        Assert.Equal(1, Sample(text, "portal_decisions_total", "verdict", "Passed"));
        Assert.Equal(1, Sample(text, "portal_decisions_total", "verdict", "Failed"));
        Assert.Equal(1, Sample(text, "portal_releases", "state", "Promoted"));
        Assert.Equal(1, Sample(text, "portal_releases", "state", "RolledBack"));
        Assert.Equal(2, Sample(text, "portal_journal_events_total", "type", "ReleaseCreated"));
        Assert.Equal(2, Sample(text, "portal_decision_latency_seconds_count", null, null));
        // quick-canary applies twice and promotes once per release; the faulty one is rolled back once.
        Assert.Equal(4, Sample(text, "portal_driver_call_duration_seconds_count", "action", "apply"));
        Assert.Equal(1, Sample(text, "portal_driver_call_duration_seconds_count", "action", "rollback"));
    }

    [Fact]
    public async Task ReleasesGauge_WhenAStateEmpties_ReportsZeroForIt()
    {
        await using var portal = new TestPortal();
        await portal.Client.ImportTemplateAsync("""
            name: held-for-the-gauge
            stages:
              - name: only
                targets: [sandbox-eu]
                steps:
                  - setWeight: 10
                  - pause: {}
                  - setWeight: 100
            """);
        var id = await portal.Client.CreateReleaseAsync("held-for-the-gauge", "1.0.0");
        await portal.Client.WaitForEventsAsync(id, events => events.Any(e => e.Type == "PauseStarted"), "the release to reach its pause step");
        var held = (await portal.Client.GetReleaseAsync(id)).State!;
        await ScrapeUntilAsync(portal, text => Gauge(text, held) == 1, $"one release {held} on the gauge");

        using (var resume = await portal.Http.PostAsync(new Uri($"/api/releases/{id}/resume", UriKind.Relative), JsonContent.Create(new { reason = "go on" })))
        {
            Assert.True(resume.IsSuccessStatusCode, await resume.Content.ReadAsStringAsync());
        }
        await portal.Client.WaitForStateAsync(id, "Promoted");

        // The exporter keeps every series it has seen: a state left out of an observation keeps its last value.
        var scraped = await ScrapeUntilAsync(portal, text => Gauge(text, "Promoted") == 1, "the promotion on the gauge");
        Assert.Equal(0, Gauge(scraped, held));
        // Every lifecycle state is reported, the ones no release has ever been in included.
        Assert.All(Enum.GetNames<PortalRelease.Portal.Releases.Lifecycle>(), state => Assert.NotNull(Gauge(scraped, state)));
    }

    [Fact]
    public async Task Metrics_OnAFreshPortal_ServesPrometheusTextFormat()
    {
        await using var portal = new TestPortal();

        using var response = await portal.Http.GetAsync(new Uri("/metrics", UriKind.Relative));

        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    private static Task<string> ScrapeUntilAsync(TestPortal portal, Func<string, bool> condition, string what) =>
        Poll.UntilAsync(
            async () =>
            {
                var scraped = await portal.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                return condition(scraped) ? scraped : null;
            },
            what);

    /// <summary>The <c>portal_releases</c> sample of <paramref name="state"/>, or null when the scrape has none.</summary>
    private static double? Gauge(string exposition, string state)
    {
        var match = Regex.Match(exposition, $@"^portal_releases\{{[^}}]*state=""{Regex.Escape(state)}""[^}}]*\}} (?<value>\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Sums the values of a metric's samples whose label has the given value (all samples when label is null).</summary>
    private static double Sample(string exposition, string metric, string? label, string? value)
    {
        var total = 0.0;
        foreach (Match match in Regex.Matches(exposition, $@"^{Regex.Escape(metric)}(\{{(?<labels>[^}}]*)\}})? (?<value>\S+)", RegexOptions.Multiline))
        {
            if (label is null || match.Groups["labels"].Value.Contains($"{label}=\"{value}\"", StringComparison.Ordinal))
            {
                total += double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return total;
    }
}
