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

    /// <summary>Runs <paramref name="call"/> against <paramref name="target"/>; <paramref name="breaker"/> false skips the target's circuit breaker.</summary>
    public async Task<(T? Result, string? Error)> RunAsync<T>(
        string target, Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken, bool breaker = true)
    {
        var pipeline = _pipelines.GetOrAddPipeline(breaker ? target : target + NoBreakerSuffix, (builder, _) => Build(builder, target, breaker));
        var attempts = 0;
        try
        {
            var result = await pipeline.ExecuteAsync(
                async ct =>
                {
                    Interlocked.Increment(ref attempts);
                    // Task.Run + WaitAsync: a driver that blocks or ignores its token must not hold the runner past the timeout.
                    return await Task.Run(() => call(ct), ct).WaitAsync(ct);
                },
                cancellationToken);
            return (result, null);
        }
        catch (BrokenCircuitException error)
        {
            var retry = error.RetryAfter is { } after ? $" for up to {after.TotalSeconds:0.#} s more" : "";
            return (default, $"{what} refused: the circuit breaker of target '{target}' is open after repeated failures; calls are refused{retry}.");
        }
        catch (TimeoutRejectedException)
        {
            return (default, $"{what} timed out after {_options.AttemptTimeout.TotalSeconds:0.###} s{Attempts(attempts)}.");
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (default, Describe(what, error, attempts));
        }
    }

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
        builder.AddTimeout(_options.AttemptTimeout);
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
