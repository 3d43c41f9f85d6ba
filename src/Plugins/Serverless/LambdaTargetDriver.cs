using System.Collections.Concurrent;
using System.Text.Json;
using PortalRelease.Plugins.Serverless.Api;
using PortalRelease.Plugins.Serverless.Ledger;
using PortalRelease.Plugins.Serverless.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless;

/// <summary>
/// The AWS Lambda target driver. A release version is a published Lambda version built from
/// <c>s3://codeBucket/codeKeyTemplate</c>; the target's alias carries the traffic: a canary is the alias's routing
/// configuration (additional version weight), a promotion points the alias at the new version alone, a rollback points
/// it back. Calls on one target run one at a time (on every node of a cluster when the host offers locks); applied
/// idempotency keys are kept in the host's state store, or in the plugin's data directory on hosts without one.
/// </summary>
internal sealed partial class LambdaTargetDriver : ITargetDriver, ILongRunningDriver, IDisposable
{
    /// <summary>What an apply needs beyond waiting for the code update: listing versions, publishing, the alias calls, each with its retries.</summary>
    public static readonly TimeSpan CallMargin = TimeSpan.FromMinutes(2);

    private readonly LambdaDriverOptions _options;
    private readonly ConcurrentDictionary<string, TargetState> _targets = new(StringComparer.Ordinal);

    // One client per plugin load, not a static: a static would outlive an unloaded plugin's load context.
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
    })
    {
        // Each attempt has its own timeout (LambdaDriverOptions.AttemptTimeout).
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = 16 * 1024 * 1024,
    };

    public LambdaTargetDriver(LambdaDriverOptions options)
    {
        _options = options;
    }

    public string Kind => ServerlessPlugin.Kind;

    public string DisplayName => "AWS Lambda (alias traffic shifting)";

    // Blue-green would need a second alias for the preview; rolling has no meaning for a function.
    public DriverCapabilities Capabilities => DriverCapabilities.WeightedCanary | DriverCapabilities.AllAtOnce | DriverCapabilities.Rollback;

    public string SettingsSchema => LambdaSettingsSchema.Json;

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var errors = new List<SettingsError>();
        LambdaSettingsReader.Read(settings, errors);
        return ValueTask.FromResult<IReadOnlyList<SettingsError>>(errors);
    }

    /// <summary>
    /// An apply that publishes a version waits for Lambda's code update, up to the target's <c>updateTimeoutSeconds</c>:
    /// the portal gives the call that long plus the margin, rather than cutting it at its own per-call timeout.
    /// </summary>
    public TimeSpan GetCallBudget(TargetContext target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return LambdaSettingsReader.UpdateTimeout(target.Settings) + CallMargin;
    }

    public void Dispose() => _http.Dispose();

    private LambdaClient Client(LambdaSettings settings) => new(_http, settings, _options);

    private TargetState State(TargetContext target)
    {
        if (!string.Equals(target.Kind, Kind, StringComparison.Ordinal))
        {
            throw new DriverException($"Target '{target.Name}' is of kind '{target.Kind}'; this driver serves kind '{Kind}'.");
        }
        // The name becomes a file name: refuse anything that could escape the data directory.
        var name = target.Name;
        if (string.IsNullOrWhiteSpace(name) || name is "." or ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new DriverException($"The Lambda driver cannot keep state for a target named '{name}': use a name without path separators.");
        }
        if (_options.State is not null && (name.Length > StoreAppliedKeys.MaxTargetNameLength || name.Any(char.IsControl)))
        {
            throw new DriverException($"The Lambda driver cannot keep state for a target named '{name[..Math.Min(name.Length, 40)]}': use a name of at most {StoreAppliedKeys.MaxTargetNameLength} characters without control characters.");
        }
        return _targets.GetOrAdd(name, n => new TargetState(_options.State is { } store
            ? new StoreAppliedKeys(store, _options.Locks, n)
            : new AppliedKeys(_options.DataDirectory, n)));
    }

    /// <summary>Runs one keyed action under the target's gate: a key applied before returns its record, else the action runs and is recorded.</summary>
    private async Task<ApplyResult> RunKeyedAsync(
        TargetContext target, LambdaSettings settings, string key, Func<KeyedCall, CancellationToken, Task<string>> action, CancellationToken cancellationToken)
    {
        var state = State(target);
        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            // Across nodes too: a node re-issuing a key waits for the node still running it, then finds it applied.
            await using var held = await LockAsync(target, state.Keys, cancellationToken);
            if (await state.Keys.FindAsync(key, cancellationToken) is { } done)
            {
                return ApplyResult.AlreadyApplied($"Key '{key}' was applied at {done.At:u} ({done.Detail}); nothing changed.");
            }
            var detail = await CallAsync(target, settings, () => action(new KeyedCall(Client(settings), state.Keys, key), cancellationToken));
            // Lambda made the change: record it even if the caller gave up meanwhile, or a re-issue would repeat it.
            await state.Keys.AddAsync(new AppliedKey(key, _options.Time.GetUtcNow(), detail), CancellationToken.None);
            return ApplyResult.Applied(detail);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>The target's lock across nodes, waited for as long as one call on the target may take.</summary>
    private static async Task<IAsyncDisposable?> LockAsync(TargetContext target, IAppliedKeys keys, CancellationToken cancellationToken)
    {
        try
        {
            return await keys.LockAsync(LambdaSettingsReader.UpdateTimeout(target.Settings) + CallMargin, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new DriverException($"Another portal node is still calling Lambda for target '{target.Name}': {ex.Message}") { IsTransient = true };
        }
    }

    /// <summary>Turns the API's failures into <see cref="DriverException"/>s that name the function and never a secret.</summary>
    private static async Task<T> CallAsync<T>(TargetContext target, LambdaSettings settings, Func<Task<T>> call)
    {
        var where = $"function '{settings.FunctionName}' (target '{target.Name}', {settings.Region})";
        string message;
        bool transient;
        try
        {
            return await call();
        }
        catch (LambdaApiException ex) when (ex.ErrorType.Length > 0)
        {
            message = $"Lambda {ex.Operation} on {where} failed: {ex.ErrorType} (HTTP {(int)ex.Status}): {ex.ApiMessage}";
            transient = ex.IsTransient || ex.IsConflict || ex.Status == System.Net.HttpStatusCode.PreconditionFailed;
        }
        catch (LambdaApiException ex)
        {
            message = $"Lambda call on {where} failed: {ex.Message}";
            transient = false;
        }
        catch (HttpRequestException ex)
        {
            message = $"Could not reach the Lambda API at {settings.Endpoint.GetLeftPart(UriPartial.Authority)} for {where}: {ex.Message}";
            transient = true;
        }
        catch (TimeoutException ex)
        {
            message = $"The Lambda API at {settings.Endpoint.GetLeftPart(UriPartial.Authority)} did not answer for {where}: {ex.Message}";
            transient = true;
        }
        // No inner exception: its text is the server's, unscrubbed.
        throw new DriverException(Scrub(message, settings)) { IsTransient = transient };
    }

    private static string Scrub(string message, LambdaSettings settings)
    {
        foreach (var secret in settings.SecretValues().Where(s => s.Length > 0))
        {
            message = message.Replace(secret, "***", StringComparison.Ordinal);
        }
        return message;
    }

    /// <summary>What a keyed action works with: the API, the target's key file and its own key.</summary>
    private sealed record KeyedCall(LambdaClient Client, IAppliedKeys Keys, string Key);

    private sealed class TargetState(IAppliedKeys keys)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public IAppliedKeys Keys { get; } = keys;
    }
}
