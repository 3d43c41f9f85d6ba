using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Targets;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Calls into plugin code through a Polly pipeline per target: a timeout per attempt, bounded retries with
/// exponential backoff and jitter for transient failures only, and a circuit breaker so a target that keeps
/// failing is refused fast. Every way a driver can fail (throwing anything, hanging) becomes a message for the
/// journal; a misbehaving plugin fails its step, never the portal. The caller builds the request once, so every
/// retry carries the same idempotency key.
/// </summary>
public sealed class DriverCall : IAsyncDisposable
{
    // Rollbacks are the way out of a failure: they must still be attempted when the target's breaker is open,
    // so each target has a second pipeline without one.
    private const string NoBreakerSuffix = "\u0000rollback";

    /// <summary>A driver's budget is honoured up to a day, the longest attempt timeout an operator may configure.</summary>
    private static readonly TimeSpan MaxBudget = TimeSpan.FromDays(1);

    private static readonly ResiliencePropertyKey<TimeSpan> AttemptTimeoutKey = new("portalrelease.attempt-timeout");

    private readonly ResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DriverCall> _logger;
    private readonly ResiliencePipelineRegistry<string> _pipelines = new();

    public DriverCall(IOptions<PortalOptions> options, TimeProvider time, ILogger<DriverCall> logger)
    {
        _options = options.Value.Engine.Resilience;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Runs <paramref name="call"/> against <paramref name="target"/>; <paramref name="breaker"/> false skips the target's
    /// circuit breaker. <paramref name="budget"/> is how long the driver says one attempt may take
    /// (<see cref="ILongRunningDriver"/>): each attempt then gets the longer of it and the configured attempt timeout.
    /// </summary>
    public async Task<(T? Result, string? Error)> RunAsync<T>(
        string target, Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken, bool breaker = true, TimeSpan? budget = null)
    {
        var pipeline = _pipelines.GetOrAddPipeline(breaker ? target : target + NoBreakerSuffix, (builder, _) => Build(builder, target, breaker));
        var attempts = 0;
        var timeout = AttemptTimeout(budget);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptTimeoutKey, timeout);
        try
        {
            var result = await pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    Interlocked.Increment(ref attempts);
                    var ct = ctx.CancellationToken;
                    // Task.Run + WaitAsync: a driver that blocks or ignores its token must not hold the runner past the timeout.
                    return await Task.Run(() => state(ct), ct).WaitAsync(ct);
                },
                context,
                call);
            return (result, null);
        }
        catch (BrokenCircuitException error)
        {
            var retry = error.RetryAfter is { } after ? $" for up to {after.TotalSeconds:0.#} s more" : "";
            return (default, $"{what} refused: the circuit breaker of target '{target}' is open after repeated failures; calls are refused{retry}.");
        }
        catch (TimeoutRejectedException)
        {
            return (default, $"{what} timed out after {timeout.TotalSeconds:0.###} s{Attempts(attempts)}.");
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (default, Describe(what, error, attempts));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The configured attempt timeout, or the driver's budget when that is longer (never shorter: the operator's bound is a floor).</summary>
    public TimeSpan AttemptTimeout(TimeSpan? budget) =>
        budget is { } b && b > _options.AttemptTimeout ? (b > MaxBudget ? MaxBudget : b) : _options.AttemptTimeout;

    /// <summary>What a failed call says in the journal; secrets a plugin quoted are masked.</summary>
    private static string Describe(string what, Exception error, int attempts) => KnownSecrets.Redact(error is DriverException
        ? $"{what} failed{Attempts(attempts)}: {error.Message}"
        : $"{what} failed: the plugin threw {error.GetType().Name}: {error.Message}");

    public ValueTask DisposeAsync() => _pipelines.DisposeAsync();

    private static string Attempts(int attempts) => attempts > 1 ? $" (after {attempts} attempts)" : "";

    private void Build(ResiliencePipelineBuilder builder, string target, bool breaker)
    {
        builder.TimeProvider = _time;
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<DriverException>(e => e.IsTransient).Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = _options.MaxRetries,
                Delay = _options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    // Only the redacted message: a plugin's exception may quote a secret it was given.
                    _logger.LogWarning("Driver call on target {Target} failed transiently ({Error}); retry {Retry} in {Delay}",
                        target, KnownSecrets.Redact(args.Outcome.Exception?.Message ?? "no result"), args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }
        if (breaker)
        {
            // Every failure counts (a plugin bug as much as a throttled API); a cancelled call does not.
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakerBreakDuration,
                OnOpened = args =>
                {
                    _logger.LogWarning("Circuit breaker of target {Target} opened for {Duration}", target, args.BreakDuration);
                    return default;
                },
            });
        }
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            // Per call rather than per pipeline: the pipeline is shared by every call on the target, the budget is not.
            TimeoutGenerator = args => ValueTask.FromResult(
                args.Context.Properties.TryGetValue(AttemptTimeoutKey, out var timeout) ? timeout : _options.AttemptTimeout),
        });
    }

    /// <summary>
    /// A single attempt with a plain timeout, for metric queries: a measurement that fails is recorded as
    /// inconclusive and the analysis decides, so retrying it would only delay the verdict.
    /// </summary>
    public static async Task<(T? Result, string? Error)> RunAsync<T>(
        Func<CancellationToken, Task<T>> call, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var task = Task.Run(() => call(cts.Token), cts.Token);
            return (await task.WaitAsync(cts.Token), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (default, $"{what} timed out after {timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return (default, Describe(what, error, attempts: 1));
        }
    }
}
