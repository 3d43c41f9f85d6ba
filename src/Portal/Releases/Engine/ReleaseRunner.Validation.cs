using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>Checks that every target, driver and metric source the plan needs is there, and records what runs now.</summary>
    private async Task ValidateAsync(CancellationToken cancellationToken)
    {
        using var span = StartValidationSpan();
        var problems = new List<string>();
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var stage in _plan.Stages)
        {
            foreach (var name in stage.Targets)
            {
                var target = await TargetAsync(name, cancellationToken);
                if (target is null)
                {
                    problems.Add($"Target '{name}' does not exist.");
                    continue;
                }
                var driver = _services.Plugins.FindDriver(target.Kind);
                if (driver is null)
                {
                    problems.Add($"No loaded plugin provides target kind '{target.Kind}' (target '{name}').");
                    continue;
                }
                if (stage.Steps.OfType<SetWeightStep>().Any() && !driver.Capabilities.HasFlag(DriverCapabilities.WeightedCanary))
                {
                    problems.Add($"Target '{name}' ({driver.DisplayName}) cannot route weighted canary traffic.");
                }
                foreach (var analysis in stage.Steps.OfType<AnalysisStep>())
                {
                    var provider = analysis.Provider ?? target.Kind;
                    if (_services.Plugins.FindMetricSource(provider) is null)
                    {
                        problems.Add($"No loaded plugin provides metric source '{provider}' for the analysis of {analysis.Metric} on '{name}'.");
                    }
                }
                var (version, error) = await ReadStableVersionAsync(name, target, driver, cancellationToken);
                if (error is not null)
                {
                    problems.Add(error);
                    continue;
                }
                previous[name] = version;
            }
        }
        if (problems.Count > 0)
        {
            await TransitionAsync(Lifecycle.Failed, "Validation failed: " + string.Join(" ", problems));
            return;
        }
        await TransitionAsync(Lifecycle.Validated, "Every target, driver and metric source is available", previous);
    }

    /// <summary>
    /// What runs on each target now that the release holds them all: the versions a rollback returns to. The reading at
    /// validation can be stale — a release queued behind another validated before the one ahead promoted its version —
    /// and from here on nobody else changes these targets until this release settles. Null keeps the validation's
    /// reading when a target cannot be read now (the driver's error is logged; the rollback path stays the older one).
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string?>?> VersionsRunningNowAsync(CancellationToken cancellationToken)
    {
        var now = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in PlanTargets)
        {
            var target = await TargetAsync(name, cancellationToken);
            var driver = target is null ? null : _services.Plugins.FindDriver(target.Kind);
            if (target is null || driver is null)
            {
                return null;
            }
            var (version, error) = await ReadStableVersionAsync(name, target, driver, cancellationToken);
            if (error is not null)
            {
                _logger.LogWarning("Release {ReleaseId} keeps the versions read at validation: {Error}", ReleaseId, error);
                return null;
            }
            now[name] = version;
        }
        return now;
    }

    /// <summary>The version <paramref name="target"/> serves as stable now, through the resilient driver call; or the call's error.</summary>
    private async Task<(string? Version, string? Error)> ReadStableVersionAsync(
        string name, TargetContext target, ITargetDriver driver, CancellationToken cancellationToken)
    {
        var (status, error) = await CallDriverAsync(
            "status", target, null, ct => driver.GetStatusAsync(target, ct), $"Reading the status of '{name}'", cancellationToken);
        return error is null ? (status!.StableVersion, null) : (null, error);
    }
}
