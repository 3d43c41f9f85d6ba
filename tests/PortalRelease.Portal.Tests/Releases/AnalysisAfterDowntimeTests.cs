using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// The crash campaign's analysis defect: rounds that fell due while the portal was down were all measured at once on
/// restart over the same stretch of traffic (four identical values, "Passed 4 of 4"). The portal is stopped during an
/// analysis and started again on the same data with its clock moved on past several intervals, as if it had been away
/// that long: each overdue round must measure its own interval, and the journal must say once that the release resumed
/// after a gap.
/// </summary>
public sealed class AnalysisAfterDowntimeTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    private const string Template = """
        name: patient-canary
        stages:
          - name: fleet
            targets: [sandbox-eu]
            steps:
              - setWeight: 20
              - analysis:
                  metric: error-rate
                  max: 0.05
                  interval: 60s
                  count: 4
        """;

    private readonly TempPortalHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Analysis_PortalDownAcrossFourIntervals_EachRoundMeasuresItsOwnWindowAndTheGapIsJournaled()
    {
        var (id, started) = await StartUntilAnalysisAsync();

        // Away for four intervals and twenty seconds: every round fell due while the portal was down.
        await using var second = new ClockedPortal(_home, ShiftedClock.ReadingNow(started + (4 * Interval) + TimeSpan.FromSeconds(20)));
        await second.Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(60));

        var events = await TimedEvent.ReadAsync(second.Client, id);
        Assert.Equal(OwnWindows(started, 1, 2, 3, 4), Windows(events));
        var gap = Assert.Single(events, e => e.Type == "ResumedAfterGap");
        Assert.Equal(1, gap.Data.GetProperty("index").GetInt32());
        Assert.Equal([1, 2, 3, 4], gap.Data.GetProperty("rounds").EnumerateArray().Select(r => r.GetInt32()));
        var away = TimeSpan.Parse(gap.Data.GetProperty("away").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(away, 4 * Interval, (4 * Interval) + TimeSpan.FromSeconds(60));
        Assert.True(gap.Seq < events.First(e => e.Type == "MeasurementTaken").Seq, "the gap is journaled before the rounds it explains");
        Assert.DoesNotContain(events, e => e.Type == "MeasurementTaken" && e.Data.GetProperty("windowEnd").GetDateTimeOffset() > e.At);
    }

    [Fact]
    public async Task Analysis_RestartedAgainAfterAGap_JournalsEachOverdueRoundInOneGapOnly()
    {
        var (id, started) = await StartUntilAnalysisAsync();

        // Away across two rounds; stopped again as soon as the gap is journaled, whether or not its rounds were measured.
        var clock = ShiftedClock.ReadingNow(started + (2 * Interval) + TimeSpan.FromSeconds(5));
        await using (var second = new ClockedPortal(_home, clock))
        {
            await second.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "ResumedAfterGap"), "the gap to be journaled");
        }

        // Started again at once (the clock runs on): rounds 1 and 2 belong to the first gap, however far the last portal got.
        await using (var third = new ClockedPortal(_home, clock))
        {
            await third.Client.WaitForEventsAsync(
                id, es => es.Count(e => e.Type == "MeasurementTaken" && e.Data.GetProperty("round").GetInt32() <= 2) == 2, "rounds 1 and 2 to be measured");
        }

        // Then away across the last two rounds: a second gap, of its own rounds.
        await using var fourth = new ClockedPortal(_home, ShiftedClock.ReadingNow(started + (4 * Interval) + TimeSpan.FromSeconds(5)));
        await fourth.Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(60));
        var events = await TimedEvent.ReadAsync(fourth.Client, id);
        var gaps = events.Where(e => e.Type == "ResumedAfterGap")
            .Select(e => e.Data.GetProperty("rounds").EnumerateArray().Select(r => r.GetInt32()).ToList()).ToList();
        Assert.Equal([[1, 2], [3, 4]], gaps);
        Assert.Equal(OwnWindows(started, 1, 2, 3, 4), Windows(events));
    }

    /// <summary>Runs the release on a portal with the true clock until its analysis step (index 1) has started, then stops that portal.</summary>
    private async Task<(string Id, DateTimeOffset Started)> StartUntilAnalysisAsync()
    {
        await using var first = new ClockedPortal(_home, new ShiftedClock(TimeSpan.Zero));
        await first.Client.ImportTemplateAsync(Template);
        var id = await first.Client.CreateReleaseAsync("patient-canary", "2.0.0");
        await first.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "StepStarted" && e.Index == 1), "the analysis to start");
        var started = (await TimedEvent.ReadAsync(first.Client, id)).Single(e => e.Type == "StepStarted" && e.Data.GetProperty("index").GetInt32() == 1).At;
        Assert.DoesNotContain(await TimedEvent.ReadAsync(first.Client, id), e => e.Type == "MeasurementTaken");
        return (id, started);
    }

    private static List<(int Round, DateTimeOffset Start, DateTimeOffset End)> OwnWindows(DateTimeOffset started, params int[] rounds) =>
        rounds.Select(r => (r, started + ((r - 1) * Interval), started + (r * Interval))).ToList();

    private static List<(int Round, DateTimeOffset Start, DateTimeOffset End)> Windows(IEnumerable<TimedEvent> events) =>
        events.Where(e => e.Type == "MeasurementTaken")
            .Select(e => (e.Data.GetProperty("round").GetInt32(), e.Data.GetProperty("windowStart").GetDateTimeOffset(), e.Data.GetProperty("windowEnd").GetDateTimeOffset()))
            .OrderBy(w => w.Item1)
            .ToList();

    /// <summary>The whole portal over the shared home, reading time from <paramref name="clock"/> (the plugins too).</summary>
    private sealed class ClockedPortal : IAsyncDisposable
    {
        private readonly WebApplicationFactory<Program> _factory;

        public ClockedPortal(TempPortalHome home, ShiftedClock clock)
        {
            _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
                .UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", home.DataDirectory)
                .UseSetting("Portal:PluginsDirectory", home.PluginsDirectory)
                .UseSetting("Portal:Engine:SampleInterval", "00:00:00.500")
                .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
            Client = new TestClient(_factory.CreateClient());
        }

        public TestClient Client { get; }

        public async ValueTask DisposeAsync()
        {
            Client.Http.Dispose();
            await _factory.DisposeAsync();
        }
    }

    /// <summary>
    /// The real clock moved by a fixed offset, running at the real pace (timers stay real): a portal started on a clock
    /// that reads later is a portal that was down until then.
    /// </summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public static ShiftedClock ReadingNow(DateTimeOffset now) => new(now - System.GetUtcNow());

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
