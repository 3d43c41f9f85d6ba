namespace PortalRelease.Plugins.Sandbox.Settings;

/// <summary>A sandbox target's settings with defaults applied.</summary>
internal sealed record SandboxSettings
{
    public const double DefaultRequestsPerSecond = 200;
    public const double DefaultBaseErrorRate = 0.005;
    public const double DefaultBaseLatencyMs = 120;

    /// <summary>The settings used when the operator set nothing.</summary>
    public static SandboxSettings Default { get; } = new();

    /// <summary>Requests per second the whole simulated fleet serves, shared between cohorts by weight.</summary>
    public double RequestsPerSecond { get; init; } = DefaultRequestsPerSecond;

    /// <summary>The healthy error rate, 0 to 1.</summary>
    public double BaseErrorRate { get; init; } = DefaultBaseErrorRate;

    /// <summary>The healthy 95th percentile latency in milliseconds.</summary>
    public double BaseLatencyMs { get; init; } = DefaultBaseLatencyMs;

    /// <summary>
    /// Milliseconds every apply call waits before it is recorded (0: none). Simulates a slow rollout, and gives tests
    /// a window in which the portal has journaled an action as intended but the target has not recorded it yet.
    /// </summary>
    public double ApplyDelayMs { get; init; }

    /// <summary>The injected fault, if any.</summary>
    public FaultSettings? Fault { get; init; }
}

/// <summary>A fault injected into every version matching <see cref="VersionPattern"/>.</summary>
internal sealed record FaultSettings
{
    public const double DefaultAfterSeconds = 0;
    public const double DefaultErrorRate = 0.25;
    public const double DefaultLatencyMs = 250;

    /// <summary>A glob over version strings where <c>*</c> matches any run of characters, e.g. <c>*-bad</c>.</summary>
    public required VersionPattern VersionPattern { get; init; }

    /// <summary>How long after the faulty version first receives traffic the fault starts.</summary>
    public double AfterSeconds { get; init; } = DefaultAfterSeconds;

    /// <summary>Error rate added to the base rate while faulted, 0 to 1.</summary>
    public double ErrorRate { get; init; } = DefaultErrorRate;

    /// <summary>Latency in milliseconds added to the base latency while faulted.</summary>
    public double LatencyMs { get; init; } = DefaultLatencyMs;
}
