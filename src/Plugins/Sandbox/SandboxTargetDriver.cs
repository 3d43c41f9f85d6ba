using System.Text.Json;
using PortalRelease.Plugins.Sandbox.Fleet;
using PortalRelease.Plugins.Sandbox.Ledger;
using PortalRelease.Plugins.Sandbox.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox;

/// <summary>
/// The sandbox target driver: moves a simulated fleet between versions. Every call is one entry in the target's
/// ledger (<see cref="ITargetLedger"/>: the host's shared state store, or a file), written before the call returns; a
/// repeated idempotency key, applied by any node, is recorded as a duplicate and changes nothing.
/// </summary>
internal sealed class SandboxTargetDriver : ITargetDriver, IDisposable
{
    private readonly SandboxFleetRegistry _fleets;

    public SandboxTargetDriver(SandboxFleetRegistry fleets)
    {
        _fleets = fleets;
    }

    public string Kind => SandboxPlugin.Kind;

    // The driver owns the fleets (the metric source only reads them): the portal disposes drivers when it unloads a plugin.
    public void Dispose() => _fleets.Dispose();

    public string DisplayName => "Sandbox (simulated fleet)";

    public DriverCapabilities Capabilities =>
        DriverCapabilities.WeightedCanary | DriverCapabilities.AllAtOnce | DriverCapabilities.Rolling
        | DriverCapabilities.BlueGreen | DriverCapabilities.TrafficMirroring | DriverCapabilities.Rollback;

    public string SettingsSchema => SandboxSettingsSchema.Json;

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var errors = new List<SettingsError>();
        SandboxSettingsReader.Read(settings, errors);
        return ValueTask.FromResult<IReadOnlyList<SettingsError>>(errors);
    }

    public async Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RequireText(request.IdempotencyKey, "idempotency key");
        RequireText(request.Version, "version");
        if (request.Weight is < 0 or > 100)
        {
            throw new DriverException($"Weight {request.Weight} is out of range: a weight is a percentage from 0 to 100.");
        }

        var strategy = StrategyMoves.Check(request);

        var action = new LedgerEntry
        {
            At = default,
            Key = request.IdempotencyKey,
            Action = LedgerActions.Apply,
            ReleaseId = request.ReleaseId,
            Version = request.Version,
            Cohort = request.Cohort,
            Weight = request.Weight,
            Strategy = strategy,
            Outcome = LedgerOutcomes.Applied,
        };

        // Read leniently: invalid settings fail status and metrics with their own message, never an apply.
        var delay = SandboxSettingsReader.Read(target.Settings, []).ApplyDelayMs;
        if (delay > 0)
        {
            // Before the ledger write: a call cancelled or killed while waiting leaves no trace on the target.
            await Task.Delay(TimeSpan.FromMilliseconds(delay), _fleets.Time, cancellationToken);
        }

        return await RecordAsync(target, action, cancellationToken);
    }

    public async Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RequireText(request.IdempotencyKey, "idempotency key");

        var action = new LedgerEntry
        {
            At = default,
            Key = request.IdempotencyKey,
            Action = LedgerActions.Rollback,
            ReleaseId = request.ReleaseId,
            Version = request.FromVersion,
            ToVersion = request.ToVersion,
            Mode = (await _fleets.Get(target).TimelineAsync(TimeSpan.Zero, cancellationToken)).Current.RollbackMode(request.ToVersion),
            Outcome = LedgerOutcomes.Applied,
        };
        return await RecordAsync(target, action, cancellationToken);
    }

    public async Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fleet = _fleets.Get(target);
        var settings = SandboxSettingsReader.Parse(target);
        var state = (await fleet.TimelineAsync(TimeSpan.Zero, cancellationToken)).Current;
        var now = _fleets.Time.GetUtcNow();

        var faulted = new List<string>();
        if (state.Canary is not null && state.CanaryWeight > 0 && FaultSchedule.IsActive(settings.Fault, state.Canary, state.CanaryTrafficSince, now))
        {
            faulted.Add($"canary {state.Canary}");
        }

        if (state.CanaryWeight < 100 && FaultSchedule.IsActive(settings.Fault, state.Stable, state.StableTrafficSince, now))
        {
            faulted.Add($"stable {state.Stable}");
        }

        return new TargetStatus
        {
            StableVersion = state.Stable,
            CanaryVersion = state.Canary,
            CanaryWeight = state.CanaryWeight,
            PreviewVersion = state.Preview,
            PreviousVersion = state.Previous,
            Ready = true,
            Health = faulted.Count == 0 ? TargetHealth.Healthy : TargetHealth.Degraded,
            Detail = faulted.Count == 0
                ? Describe(state)
                : $"Injected fault active on {string.Join(" and ", faulted)} (pattern '{settings.Fault!.VersionPattern}'): errors and latency are elevated.",
        };
    }

    private async Task<ApplyResult> RecordAsync(TargetContext target, LedgerEntry action, CancellationToken cancellationToken)
    {
        var record = await _fleets.Get(target).RecordAsync(action, _fleets.Time.GetUtcNow(), cancellationToken);

        if (record.Duplicate)
        {
            return ApplyResult.AlreadyApplied(
                $"Key '{action.Key}' was already applied at {record.Entry.At:u} ({DescribeAction(record.Entry)}); nothing changed.");
        }

        return ApplyResult.Applied($"{DescribeAction(record.Entry)}. {Describe(record.State)}");
    }

    private static string DescribeAction(LedgerEntry entry) => entry.Action == LedgerActions.Rollback
        ? StrategyMoves.DescribeRollback(entry)
        : StrategyMoves.DescribeApply(entry);

    private static string Describe(FleetState state) => StrategyMoves.Describe(state);

    private static void RequireText(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DriverException($"The {what} must not be empty.");
        }
    }
}
