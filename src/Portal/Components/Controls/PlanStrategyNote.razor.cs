using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>A stage's strategy, wave and rollback path in one line of the plan preview.</summary>
public partial class PlanStrategyNote
{
    [Parameter, EditorRequired]
    public required PlanStage Stage { get; set; }

    [Parameter, EditorRequired]
    public required RollbackPolicy Rollback { get; set; }

    /// <summary>The whole plan, for a train's components: which run alongside this stage's component.</summary>
    [Parameter]
    public ReleasePlan? Plan { get; set; }

    private string Text
    {
        get
        {
            var strategy = Stage.Strategy switch
            {
                DeploymentStrategy.BlueGreen => "Blue-green. Rollback: switch traffic back to the previous version while it is kept warm; after it is retired, redeploy it",
                DeploymentStrategy.Rolling => "Rolling batches. Rollback: return every replaced instance to the previous version",
                DeploymentStrategy.AllAtOnce => "All at once. Rollback: redeploy the previous version everywhere",
                _ => "Canary. Rollback: route all traffic back to the stable version and remove the canary",
            };
            if (Stage.Component is { } component)
            {
                strategy = $"Component {component} ({TrainText(component)}). {strategy}";
            }
            if (Stage.Wave == 0)
            {
                return strategy + ".";
            }
            var scope = Rollback.Scope switch
            {
                RollbackScope.Wave => "a failure rolls back this wave only",
                RollbackScope.Component => "a failure rolls back this component only",
                _ => "a failure rolls back every wave done so far",
            };
            return $"Wave {Stage.Wave} of {Stage.WaveCount}. {strategy}; {scope}, later waves do not start.";
        }
    }

    /// <summary>"starts when database is done; runs in parallel with worker; if it fails, web never starts and only it is rolled back".</summary>
    private string TrainText(string component)
    {
        var parts = new List<string>
        {
            Stage.DependsOn.Count == 0 ? "starts first" : $"starts when {string.Join(" and ", Stage.DependsOn)} {(Stage.DependsOn.Count == 1 ? "is" : "are")} done",
        };
        if (Plan is null)
        {
            return parts[0];
        }
        var alongside = Plan.RunsAlongside(component);
        if (alongside.Count > 0)
        {
            parts.Add($"runs in parallel with {string.Join(", ", alongside)}");
        }
        var dependants = Plan.DependantsOf(component);
        var failure = dependants.Count == 0 ? "if it fails, the components running beside it stop" : $"if it fails, {string.Join(", ", dependants)} never start{(dependants.Count == 1 ? "s" : "")}";
        parts.Add(failure + (Rollback.Scope == RollbackScope.Component ? " and only it is rolled back" : ""));
        return string.Join("; ", parts);
    }
}
