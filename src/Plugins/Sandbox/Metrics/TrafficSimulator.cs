using PortalRelease.Plugins.Sandbox.Fleet;
using PortalRelease.Plugins.Sandbox.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Metrics;

/// <summary>One simulated second of one cohort's traffic.</summary>
/// <param name="At">The start of the second.</param>
/// <param name="Requests">Requests served in the second (fractional: it is an expectation with noise).</param>
/// <param name="ErrorRate">The share of those requests that failed, 0 to 1.</param>
/// <param name="LatencyP95Ms">The 95th percentile latency in milliseconds.</param>
internal readonly record struct TrafficBucket(DateTimeOffset At, double Requests, double ErrorRate, double LatencyP95Ms);

/// <summary>
/// Simulates a cohort's traffic second by second from the fleet's timeline. Noise comes from
/// <see cref="DeterministicNoise"/> keyed by (target, cohort, version, second), so results are reproducible.
/// </summary>
internal static class TrafficSimulator
{
    private const double RateJitter = 0.05;
    private const double ErrorJitter = 0.30;
    private const double LatencyJitter = 0.15;
    private const ulong RateChannel = 1;
    private const ulong ErrorChannel = 2;
    private const ulong LatencyChannel = 3;

    /// <summary>The buckets of whole UTC seconds in [<paramref name="start"/>, <paramref name="end"/>) in which the cohort served traffic.</summary>
    public static IEnumerable<TrafficBucket> Simulate(
        string targetName, string cohort, SandboxSettings settings, FleetTimeline timeline,
        DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var first = CeilingSecond(start);
        var last = CeilingSecond(end); // exclusive
        string? seededVersion = null;
        var seed = 0UL;
        var seeded = false;

        for (var second = first; second < last; second++)
        {
            if ((second - first) % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var at = DateTimeOffset.FromUnixTimeSeconds(second);
            var state = timeline.StateAt(at);
            // The canary cohort is the release's new version whichever strategy placed it (canary, mirror, preview, rolling batch).
            var (version, share, trafficSince) = cohort == Cohorts.Canary
                ? state.NewVersionTraffic()
                : (state.Stable, state.StableShare, state.StableTrafficSince);
            if (share <= 0)
            {
                continue;
            }

            if (!seeded || !string.Equals(version, seededVersion, StringComparison.Ordinal))
            {
                seed = DeterministicNoise.Seed(targetName, cohort, version);
                seededVersion = version;
                seeded = true;
            }

            var faulted = FaultSchedule.IsActive(settings.Fault, version, trafficSince, at);
            var requests = settings.RequestsPerSecond * share / 100.0
                * (1 + (RateJitter * DeterministicNoise.Symmetric(seed, second, RateChannel)));
            var errorRate = (settings.BaseErrorRate * (1 + (ErrorJitter * DeterministicNoise.Symmetric(seed, second, ErrorChannel))))
                + (faulted ? settings.Fault!.ErrorRate : 0);
            var latency = (settings.BaseLatencyMs * (1 + (LatencyJitter * DeterministicNoise.Symmetric(seed, second, LatencyChannel))))
                + (faulted ? settings.Fault!.LatencyMs : 0);

            yield return new TrafficBucket(at, requests, Math.Clamp(errorRate, 0, 1), latency);
        }
    }

    private static long CeilingSecond(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return (long)Math.Ceiling(ticks / (double)TimeSpan.TicksPerSecond);
    }
}
