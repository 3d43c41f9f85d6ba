using System.Globalization;
using Microsoft.Extensions.Options;
using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Targets;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Api;

/// <summary>
/// <c>GET /api/targets/{name}/dry-run?version=1.4.0&amp;cohort=canary[&amp;weight=10][&amp;strategy=canary][&amp;key=…]</c>:
/// asks a driver that implements <see cref="IDryRunDriver"/> what the apply would do, with the engine's driver-call timeout.
/// </summary>
public static class DryRunEndpoints
{
    private static readonly string[] KnownCohorts = [Cohorts.Canary, Cohorts.Stable, Cohorts.Mirror, Cohorts.Preview, Cohorts.Previous];

    private static readonly Dictionary<string, DeploymentStrategy> Strategies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["canary"] = DeploymentStrategy.Canary,
        ["blue-green"] = DeploymentStrategy.BlueGreen,
        ["rolling"] = DeploymentStrategy.Rolling,
        ["all-at-once"] = DeploymentStrategy.AllAtOnce,
    };

    public static void MapDryRunEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/targets/{name}/dry-run", async (
            string name, HttpRequest request, TargetService targetService, RequestAuditActor actor, TargetContexts contexts, PluginCatalog plugins,
            IOptions<PortalOptions> options, CancellationToken ct) =>
        {
            // Refused (403) before the input is judged; 404 when there is no such target.
            if (!await targetService.DemandDryRunAsync(name, actor.Current, ct))
            {
                return Problems.NotFound($"There is no target named '{Excerpt.Of(name)}'.");
            }
            var query = request.Query;
            var (apply, problem) = ReadRequest(query["version"], query["cohort"], query["weight"], query["strategy"], query["key"]);
            if (problem is not null)
            {
                return problem;
            }

            if (await contexts.GetAsync(name, ct) is not { } target)
            {
                return Problems.NotFound($"There is no target named '{Excerpt.Of(name)}'.");
            }

            switch (plugins.FindDriver(target.Kind))
            {
                case null:
                    return Problems.BadRequest($"Target '{Excerpt.Of(name)}' is of kind '{target.Kind}', which no loaded plugin provides. See the Plugins page.");
                case not IDryRunDriver:
                    return Problems.BadRequest($"Target '{Excerpt.Of(name)}' is of kind '{target.Kind}', whose driver has no dry run (it does not implement IDryRunDriver).");
                case IDryRunDriver driver:
                    var (plan, error) = await DriverCall.RunAsync(c => driver.PlanAsync(target, apply!, c), options.Value.Engine.DriverCallTimeout, "The dry run", ct);
                    if (plan is null)
                    {
                        return Problems.BadRequest(KnownSecrets.Redact(error ?? "The dry run returned no plan."));
                    }

                    return Results.Ok(new DryRunView(
                        name, target.Kind, apply!.Version, apply.Cohort, apply.Weight, Strategies.First(s => s.Value == apply.Strategy).Key,
                        KnownSecrets.RedactOrNull(plan.Summary),
                        (plan.Steps ?? []).Select(s => new DryRunStepView(KnownSecrets.Redact(s.Title ?? ""), KnownSecrets.RedactOrNull(s.Text))).ToList()));
            }
        }).WithName("DryRunTarget").Produces<DryRunView>().ProducesProblems(400, 404)
            .Query("version", "The version to plan (required).")
            .Query("cohort", $"Which cohort: {string.Join(", ", KnownCohorts)}.")
            .Query("weight", "The canary weight to plan, a whole percentage 0–100.")
            .Query("strategy", $"One of {string.Join(", ", Strategies.Keys)}.")
            .Query("key", "The idempotency key the plan is for.");
    }

    private static (ApplyRequest? Request, IResult? Problem) ReadRequest(string? version, string? cohort, string? weight, string? strategy, string? key)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return (null, Problems.BadRequest("Query parameter 'version' is required: the version to plan, e.g. ?version=1.4.0&cohort=canary."));
        }

        var cohortName = string.IsNullOrWhiteSpace(cohort) ? Cohorts.Canary : cohort.Trim().ToLowerInvariant();
        if (!KnownCohorts.Contains(cohortName, StringComparer.Ordinal))
        {
            return (null, Problems.BadRequest($"Query parameter 'cohort' is '{Excerpt.Of(cohort)}'; it must be one of {string.Join(", ", KnownCohorts)}."));
        }

        // Without a weight: the whole cohort for stable, none for blue-green's preview/previous, a first canary step otherwise.
        var share = cohortName switch { Cohorts.Stable => 100, Cohorts.Preview or Cohorts.Previous => 0, _ => 10 };
        if (!string.IsNullOrWhiteSpace(weight) && (!int.TryParse(weight, NumberStyles.None, CultureInfo.InvariantCulture, out share) || share > 100))
        {
            return (null, Problems.BadRequest($"Query parameter 'weight' is '{Excerpt.Of(weight)}'; it must be a whole percentage from 0 to 100."));
        }

        var how = DeploymentStrategy.Canary;
        if (!string.IsNullOrWhiteSpace(strategy) && !Strategies.TryGetValue(strategy.Trim(), out how))
        {
            return (null, Problems.BadRequest($"Query parameter 'strategy' is '{Excerpt.Of(strategy)}'; it must be one of {string.Join(", ", Strategies.Keys)}."));
        }

        return (new ApplyRequest
        {
            ReleaseId = "dry-run",
            Version = version.Trim(),
            Cohort = cohortName,
            Weight = share,
            Strategy = how,
            // A fresh key plans a new apply; passing a release's key shows whether it already ran.
            IdempotencyKey = string.IsNullOrWhiteSpace(key) ? "dry-run-" + Guid.NewGuid().ToString("N") : key.Trim(),
        }, null);
    }
}
