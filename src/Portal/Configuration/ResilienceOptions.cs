namespace PortalRelease.Portal.Configuration;

/// <summary>
/// <c>Portal:Engine:Resilience</c>: how driver calls are protected. Each attempt has its own timeout; transient
/// failures (a driver's <c>DriverException.IsTransient</c>, a timed-out attempt) are retried with exponential
/// backoff and jitter; a circuit breaker per target stops calling a target that keeps failing.
/// </summary>
public sealed class ResilienceOptions
{
    /// <summary>How long one attempt of a driver call may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt, for transient failures only.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff; each retry doubles it, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The breaker opens when this share of the calls in the sampling window failed…</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>…and at least this many calls were made in the window.</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open breaker refuses calls before letting one through to test the target.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
