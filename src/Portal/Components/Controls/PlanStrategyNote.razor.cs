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
            if (Stage.Component is not null)
            {
                var after = Stage.DependsOn.Count == 0 ? "depends on no other component" : $"runs after {string.Join(", ", Stage.DependsOn)}";
                strategy = $"Component {Stage.Component} ({after}; its failure stops every component after it). {strategy}";
            }
            if (Stage.Wave == 0)
            {
                return strategy + ".";
            }
            var scope = Rollback.Scope == RollbackScope.Wave
                ? "a failure rolls back this wave only"
                : "a failure rolls back every wave done so far";
            return $"Wave {Stage.Wave} of {Stage.WaveCount}. {strategy}; {scope}, later waves do not start.";
        }
    }
}
