using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets;

/// <summary>What a driver with a dry run (<see cref="IDryRunDriver"/>) would do at the first driver call of a stage.</summary>
public sealed record DryRunPreview(string Stage, string Target, string Call, string? Summary, IReadOnlyList<DryRunStep> Steps, string? Error);

/// <summary>
/// The dry runs a release's plan can show before it starts: for every target whose driver implements
/// <see cref="IDryRunDriver"/>, the plan of the stage's first apply (later applies depend on what the first one did).
/// Nothing is changed on any target; each plan is bounded by the engine's driver-call timeout.
/// </summary>
public sealed class DryRunPreviews(TargetContexts contexts, PluginCatalog plugins, IOptions<PortalOptions> options)
{
    public async Task<IReadOnlyList<DryRunPreview>> ForAsync(ReleasePlan plan, string version, CancellationToken cancellationToken)
    {
        var previews = new List<DryRunPreview>();
        foreach (var stage in plan.Stages)
        {
            if (FirstApply(stage, version) is not { } request)
            {
                continue;
            }
            foreach (var name in stage.Targets)
            {
                if (await contexts.GetAsync(name, cancellationToken) is not { } target
                    || plugins.FindDriver(target.Kind) is not IDryRunDriver driver)
                {
                    continue;
                }
                var call = request.Cohort == Cohorts.Stable && request.Weight == 100 ? $"{request.Cohort} (all traffic)" : $"{request.Cohort} at {request.Weight}%";
                var (result, error) = await DriverCall.RunAsync(ct => driver.PlanAsync(target, request, ct), options.Value.Engine.DriverCallTimeout, "The dry run", cancellationToken);
                previews.Add(result is null
                    ? new DryRunPreview(stage.Name, name, call, null, [], KnownSecrets.Redact(error ?? "The dry run returned no plan."))
                    : new DryRunPreview(
                        stage.Name, name, call, KnownSecrets.RedactOrNull(result.Summary),
                        (result.Steps ?? []).Select(s => new DryRunStep { Title = KnownSecrets.Redact(s.Title ?? ""), Text = KnownSecrets.RedactOrNull(s.Text) }).ToList(),
                        null));
            }
        }
        return previews;
    }

    private static ApplyRequest? FirstApply(PlanStage stage, string version)
    {
        foreach (var step in stage.Steps)
        {
            var first = step switch
            {
                SetWeightStep set => Request(version, DeploymentStrategy.Canary, Cohorts.Canary, set.Weight),
                StrategyApplyStep apply => Request(version, apply.Strategy, apply.Cohort, apply.Weight),
                PromoteStep => Request(version, DeploymentStrategy.Canary, Cohorts.Stable, 100),
                _ => null,
            };
            if (first is not null)
            {
                return first;
            }
        }
        return null;
    }

    // A fresh key: the plan of a new apply, not of one a release already made.
    private static ApplyRequest Request(string version, DeploymentStrategy strategy, string cohort, int weight) => new()
    {
        ReleaseId = "dry-run",
        Version = version,
        Cohort = cohort,
        Weight = weight,
        Strategy = strategy,
        IdempotencyKey = "dry-run-" + Guid.NewGuid().ToString("N"),
    };
}
