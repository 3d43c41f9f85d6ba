using System.Text.Json;
using PortalRelease.Sdk;

namespace Samples.NginxUpstream;

/// <summary>
/// Routes traffic between a stable and a canary server by writing an nginx <c>upstream</c> block with weights
/// (the canary's weight is its percentage) and, when the operator enables it, signalling nginx to reload. A change that
/// fails to reload is undone: the previous file is put back, and the state (versions and done keys) is only saved after
/// success. Paths are resolved through the operator's policy at every use, not only when the target was saved.
/// </summary>
internal sealed class NginxUpstreamDriver(UpstreamStateStore store, IHostPolicy policy) : ITargetDriver
{
    public string Kind => NginxUpstreamPlugin.Kind;

    public string DisplayName => "nginx upstream weights";

    public DriverCapabilities Capabilities => DriverCapabilities.WeightedCanary | DriverCapabilities.AllAtOnce | DriverCapabilities.Rollback;

    public string SettingsSchema => NginxSettings.Schema;

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        var errors = new List<SettingsError>();
        NginxSettings.Read(settings, policy, errors);
        return ValueTask.FromResult<IReadOnlyList<SettingsError>>(errors);
    }

    public Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        if (request.Weight is < 0 or > 100)
        {
            throw new DriverException($"Weight {request.Weight} is out of range: a weight is a percentage from 0 to 100.");
        }

        if (request.Cohort is not (Cohorts.Canary or Cohorts.Stable))
        {
            throw new DriverException($"Unknown cohort '{request.Cohort}': nginx upstreams route to '{Cohorts.Canary}' or '{Cohorts.Stable}'.");
        }

        return ChangeAsync(target, request.IdempotencyKey, state => request.Cohort == Cohorts.Stable
            ? state with { Stable = request.Version, Canary = null, CanaryWeight = 0 }
            : state with { Canary = request.Version, CanaryWeight = request.Weight }, cancellationToken);
    }

    // No ToVersion means the target ran nothing before the release (the SDK's meaning): no version is left named on
    // stable, not the release's and not an older one the portal did not ask for.
    public Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(target, request.IdempotencyKey, state => state with
        {
            Stable = string.IsNullOrEmpty(request.ToVersion) ? null : request.ToVersion,
            Canary = null,
            CanaryWeight = 0,
        }, cancellationToken);

    public async Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var settings = NginxSettings.Parse(target, policy);
        var state = store.Load(target.Name);
        var status = new TargetStatus { StableVersion = state.Stable, CanaryVersion = state.Canary, CanaryWeight = state.CanaryWeight, Ready = true };
        if (state.Keys.Count == 0)
        {
            return new TargetStatus { Ready = true, Health = TargetHealth.Healthy, Detail = "Nothing deployed through the portal yet." };
        }

        if (!File.Exists(settings.ConfigPath))
        {
            return new TargetStatus { StableVersion = state.Stable, CanaryVersion = state.Canary, CanaryWeight = state.CanaryWeight, Ready = false, Health = TargetHealth.Unhealthy, Detail = $"{settings.ConfigPath} is missing." };
        }

        var written = await File.ReadAllTextAsync(settings.ConfigPath, cancellationToken);
        return written == UpstreamConfig.Render(target.Name, settings, state)
            ? new TargetStatus { StableVersion = status.StableVersion, CanaryVersion = status.CanaryVersion, CanaryWeight = status.CanaryWeight, Ready = true, Health = TargetHealth.Healthy, Detail = $"{settings.ConfigPath} routes as the portal wrote it." }
            : new TargetStatus { StableVersion = status.StableVersion, CanaryVersion = status.CanaryVersion, CanaryWeight = status.CanaryWeight, Ready = true, Health = TargetHealth.Degraded, Detail = $"{settings.ConfigPath} was changed outside the portal; the next change overwrites it." };
    }

    private async Task<ApplyResult> ChangeAsync(TargetContext target, string key, Func<UpstreamState, UpstreamState> change, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new DriverException("The idempotency key must not be empty.");
        }

        var settings = NginxSettings.Parse(target, policy);
        var gate = store.LockFor(target.Name);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var state = store.Load(target.Name);
            if (state.Keys.Contains(key))
            {
                return ApplyResult.AlreadyApplied($"Key '{key}' was already applied; {settings.ConfigPath} is unchanged.");
            }

            var next = change(state) with { Keys = [.. state.Keys, key] };
            await WriteAndReloadAsync(target.Name, settings, next, cancellationToken);
            store.Save(target.Name, next);
            return ApplyResult.Applied(Describe(settings, next));
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task WriteAndReloadAsync(string target, NginxSettings settings, UpstreamState next, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var previous = File.Exists(settings.ConfigPath) ? await File.ReadAllTextAsync(settings.ConfigPath, cancellationToken) : null;
        try
        {
            AtomicFile.Write(settings.ConfigPath, UpstreamConfig.Render(target, settings, next));
            await NginxReload.SignalAsync(settings, cancellationToken);
        }
        catch (Exception ex) when (ex is DriverException or OperationCanceledException or IOException or UnauthorizedAccessException)
        {
            // Undo: the old file goes back, and nginx is told again in case the failed reload had taken the new one.
            if (previous is null)
            {
                File.Delete(settings.ConfigPath);
            }
            else
            {
                AtomicFile.Write(settings.ConfigPath, previous);
            }

            if (ex is OperationCanceledException)
            {
                await TryReloadAsync(settings);
                throw;
            }

            throw ex as DriverException ?? new DriverException($"Could not write {settings.ConfigPath}: {ex.Message}", ex);
        }
    }

    private static async Task TryReloadAsync(NginxSettings settings)
    {
        try
        {
            await NginxReload.SignalAsync(settings, CancellationToken.None);
        }
        catch (DriverException)
        {
            // Best effort: the cancelled call is reported, and status shows any mismatch.
        }
    }

    private static string Describe(NginxSettings settings, UpstreamState state) => state.Canary is null
        ? $"{settings.Upstream}: stable {state.Stable ?? "(none)"} on {settings.StableServer} takes all traffic."
        : $"{settings.Upstream}: stable {state.Stable ?? "(none)"} on {settings.StableServer} {100 - state.CanaryWeight}%, canary {state.Canary} on {settings.CanaryServer} {state.CanaryWeight}%.";
}
