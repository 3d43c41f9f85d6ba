using System.Collections.Concurrent;
using System.Text.Json;
using PortalRelease.Sdk;

namespace Acme.Driver;

/// <summary>
/// A working driver that keeps each target's routing in memory. Replace the body of <see cref="Change"/> and
/// <see cref="GetStatusAsync"/> with calls to your platform; keep the rules the conformance tests check:
/// idempotent on the key, bad requests and failures are <see cref="DriverException"/>s, cancellation honoured.
/// </summary>
internal sealed class TargetDriver : ITargetDriver
{
    private readonly ConcurrentDictionary<string, TargetState> _targets = new(StringComparer.Ordinal);

    public string Kind => DriverPlugin.Kind;

    /// <summary>How the Targets page names the kind ("Acme.Driver (my-target)"); say what it deploys to.</summary>
    public string DisplayName => "Acme.Driver";

    public DriverCapabilities Capabilities => DriverCapabilities.WeightedCanary | DriverCapabilities.AllAtOnce | DriverCapabilities.Rollback;

    public string SettingsSchema => DriverSettings.Schema;

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        var errors = new List<SettingsError>();
        DriverSettings.Read(settings, errors);
        return ValueTask.FromResult<IReadOnlyList<SettingsError>>(errors);
    }

    public Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (request.Weight is < 0 or > 100)
        {
            throw new DriverException($"Weight {request.Weight} is out of range: a weight is a percentage from 0 to 100.");
        }

        if (request.Cohort is not (Cohorts.Canary or Cohorts.Stable))
        {
            throw new DriverException($"Unknown cohort '{request.Cohort}': use '{Cohorts.Canary}' or '{Cohorts.Stable}'.");
        }

        return Task.FromResult(Change(target, request.IdempotencyKey, routing => request.Cohort == Cohorts.Stable
            ? new Routing(request.Version, routing.Stable, null, 0)
            : routing with { Canary = request.Version, CanaryWeight = request.Weight }));
    }

    public Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Change(target, request.IdempotencyKey, routing =>
            new Routing(request.ToVersion ?? (routing.Stable == request.FromVersion ? routing.PreviousStable : routing.Stable), null, null, 0)));
    }

    public Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var routing = State(target).Routing;
        return Task.FromResult(new TargetStatus
        {
            StableVersion = routing.Stable,
            CanaryVersion = routing.Canary,
            CanaryWeight = routing.CanaryWeight,
            Ready = true,
            Health = TargetHealth.Healthy,
            Detail = routing.Stable is null && routing.Canary is null
                ? "Nothing deployed yet."
                : routing.Canary is null ? $"{routing.Stable} serves all traffic." : $"{routing.Canary} serves {routing.CanaryWeight}%, {routing.Stable ?? "nothing"} the rest.",
        });
    }

    private ApplyResult Change(TargetContext target, string key, Func<Routing, Routing> change)
    {
        var state = State(target);
        lock (state)
        {
            if (!state.DoneKeys.Add(key))
            {
                return ApplyResult.AlreadyApplied($"Key '{key}' was already applied.");
            }

            state.Routing = change(state.Routing);
            return ApplyResult.Applied($"{target.Name}: stable {state.Routing.Stable ?? "(none)"}, canary {state.Routing.Canary ?? "(none)"} at {state.Routing.CanaryWeight}%.");
        }
    }

    private TargetState State(TargetContext target)
    {
        if (DriverSettings.Read(target.Settings, []) is null)
        {
            throw new DriverException($"The settings of target '{target.Name}' are invalid; fix them on the Targets page.");
        }

        return _targets.GetOrAdd(target.Name, _ => new TargetState());
    }

    private sealed record Routing(string? Stable, string? PreviousStable, string? Canary, int CanaryWeight);

    private sealed class TargetState
    {
        public Routing Routing { get; set; } = new(null, null, null, 0);

        public HashSet<string> DoneKeys { get; } = new(StringComparer.Ordinal);
    }
}
