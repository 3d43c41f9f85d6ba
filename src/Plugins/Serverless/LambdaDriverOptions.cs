using Polly;
using Polly.Retry;
using PortalRelease.Plugins.Serverless.Api;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless;

/// <summary>
/// How the driver waits and retries; the defaults serve AWS, tests shorten them or move a fake clock. The retry budget
/// of one request (4 attempts of at most 5 s, 0.5 + 1 + 2 s of backoff: 23.5 s) stays inside the portal's own per-call
/// timeout (30 s by default), so an endpoint that never answers is reported by the driver, naming it, and the portal's
/// retries take over for what remains transient.
/// </summary>
internal sealed class LambdaDriverOptions
{
    private ResiliencePipeline? _retry;
    private ResiliencePipeline? _conflictRetry;

    /// <summary>Where the driver keeps the idempotency keys it has applied, one file per target, when the host offers no <see cref="State"/>.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The host's state store, shared by every node of a cluster: where applied keys live when it is there.</summary>
    public IPluginStateStore? State { get; init; }

    /// <summary>The host's locks across nodes: one call per target in the whole cluster.</summary>
    public IPluginLockProvider? Locks { get; init; }

    /// <summary>Signs requests (X-Amz-Date), times retries and polling.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>The operator's policy, asked before every request whether the target's endpoint may be reached.</summary>
    public IHostPolicy Policy { get; init; } = HostPolicy.LoopbackOnly;

    /// <summary>Retries after the first attempt, on throttling, server errors, network failures and (where meaningful) conflicts.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first backoff; each retry doubles it (no jitter: one portal drives one function at a time).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts, including a server's <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one HTTP attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait between reads of a code update's status; doubles up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries throttling, 5xx, network failures and timeouts.</summary>
    public ResiliencePipeline RetryPipeline => _retry ??= Build(retryConflicts: false);

    /// <summary>Also retries <c>ResourceConflictException</c>: another update of the function is in progress.</summary>
    public ResiliencePipeline ConflictRetryPipeline => _conflictRetry ??= Build(retryConflicts: true);

    /// <summary>The longest one request may take with all its attempts and backoff (Retry-After aside).</summary>
    public TimeSpan WorstCaseRequest =>
        (AttemptTimeout * (MaxRetries + 1)) + Enumerable.Range(0, MaxRetries).Aggregate(TimeSpan.Zero, (sum, n) => sum + Min(RetryDelay * Math.Pow(2, n), MaxRetryDelay));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private ResiliencePipeline Build(bool retryConflicts) => new ResiliencePipelineBuilder { TimeProvider = Time }
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = RetryDelay,
            MaxDelay = MaxRetryDelay,
            ShouldHandle = new PredicateBuilder()
                .Handle<LambdaApiException>(e => e.IsTransient || (retryConflicts && e.IsConflict))
                .Handle<HttpRequestException>()
                .Handle<TimeoutException>(),
            // Throttling says how long to wait: honour it, within the bound.
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is LambdaApiException { RetryAfter: { } after }
                ? (TimeSpan?)(after < MaxRetryDelay ? after : MaxRetryDelay)
                : null),
        })
        .Build();
}
