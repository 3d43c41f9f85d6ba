using System.Collections.Concurrent;
using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Fixtures.DriverPlugin;

/// <summary>
/// A driver whose behaviour the target's settings decide, so engine tests can make a real plugin misbehave:
/// <c>failTimes</c> (the first N apply calls of each idempotency key throw), <c>transient</c> (those failures are
/// marked transient), <c>throwBug</c> (apply throws a non-driver exception, like a plugin bug), <c>hangMs</c> (apply
/// blocks that long, ignoring cancellation), <c>applyDelayMs</c> (apply takes that long, honouring cancellation),
/// <c>callBudgetMs</c> (the per-call budget it declares as an <see cref="ILongRunningDriver"/>; none when absent) and
/// <c>callLog</c> (a file that gets one JSON line per call: operation, key and outcome) and <c>servesAfterRollback</c>
/// (the status names the last applied version as stable, and a rollback reports done without removing it: a driver
/// whose rollback does not take).
/// </summary>
public sealed class FixtureDriver : ITargetDriver, ILongRunningDriver
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _serving = new(StringComparer.Ordinal);
    private static readonly Lock LogGate = new();

    public string Kind => "fixture";

    public string DisplayName => "Fixture";

    public DriverCapabilities Capabilities => DriverCapabilities.AllAtOnce | DriverCapabilities.WeightedCanary;

    public string SettingsSchema => """{"type":"object"}""";

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<SettingsError>>([]);

    public async Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        var attempt = _attempts.AddOrUpdate(request.IdempotencyKey, 1, (_, n) => n + 1);
        var settings = target.Settings;
        try
        {
            if (Int(settings, "hangMs") is { } hang and > 0)
            {
                // A hung driver: blocks its thread and ignores the token.
                Thread.Sleep(hang);
            }
            if (Int(settings, "applyDelayMs") is { } delay and > 0)
            {
                await Task.Delay(delay, cancellationToken);
            }
            if (Bool(settings, "throwBug"))
            {
                throw new InvalidOperationException("fixture bug: the plugin crashed");
            }
            if (attempt <= (Int(settings, "failTimes") ?? 0))
            {
                throw new DriverException($"fixture failure {attempt} for {request.IdempotencyKey}") { IsTransient = Bool(settings, "transient") };
            }
            Log(settings, "apply", request.IdempotencyKey, attempt, "ok");
            if (Bool(settings, "servesAfterRollback"))
            {
                _serving[target.Name] = request.Version;
            }
            return ApplyResult.Applied();
        }
        catch (Exception error)
        {
            Log(settings, "apply", request.IdempotencyKey, attempt, error.GetType().Name);
            throw;
        }
    }

    public TimeSpan GetCallBudget(TargetContext target) =>
        Int(target.Settings, "callBudgetMs") is { } budget ? TimeSpan.FromMilliseconds(budget) : TimeSpan.Zero;

    public Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken)
    {
        Log(target.Settings, "status", "", 1, "ok");
        return Task.FromResult(new TargetStatus { Health = TargetHealth.Healthy, Ready = true, StableVersion = _serving.GetValueOrDefault(target.Name) });
    }

    public Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken)
    {
        Log(target.Settings, "rollback", request.IdempotencyKey, 1, "ok");
        return Task.FromResult(ApplyResult.Applied());
    }

    private static void Log(JsonElement settings, string operation, string key, int attempt, string outcome)
    {
        if (settings.ValueKind != JsonValueKind.Object || !settings.TryGetProperty("callLog", out var path) || path.GetString() is not { } file)
        {
            return;
        }
        var line = JsonSerializer.Serialize(new { operation, key, attempt, outcome, at = DateTimeOffset.UtcNow });
        lock (LogGate)
        {
            File.AppendAllText(file, line + Environment.NewLine);
        }
    }

    private static int? Int(JsonElement settings, string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;

    private static bool Bool(JsonElement settings, string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
