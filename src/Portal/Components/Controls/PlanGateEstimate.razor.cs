using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>What gates add to the estimate: approvals (a person, bounded by their timeouts) and the wait for a closed window.</summary>
public partial class PlanGateEstimate
{
    [Parameter, EditorRequired]
    public required ReleasePlan Plan { get; set; }

    [Inject]
    public required GateConfig Gates { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private string? Text
    {
        get
        {
            var parts = new List<string>();
            var approvals = Plan.Steps().Select(s => s.Step).OfType<ApprovalStep>().ToList();
            if (approvals.Count > 0)
            {
                var unbounded = approvals.Count(a => a.Timeout is null);
                parts.Add(unbounded == 0
                    ? $"{approvals.Count} approval gate{(approvals.Count == 1 ? "" : "s")}, counted above at their timeouts"
                    : $"{approvals.Count} approval gate{(approvals.Count == 1 ? "" : "s")}, {unbounded} without a timeout: as long as approvers take");
            }
            var now = Time.GetUtcNow();
            var first = Plan.Stages.FirstOrDefault(s => Gates.Calendar(s.EnvironmentName()) is not null);
            if (first is not null && Gates.Check(first.EnvironmentName(), now) is { IsOpen: false } closed)
            {
                parts.Add(closed.OpensAt is { } opens
                    ? $"stage {first.Name} {closed.Reason} (in {Durations.Format(TimeSpan.FromMinutes(Math.Ceiling((opens - now).TotalMinutes)))})"
                    : $"stage {first.Name}: {closed.Reason}");
            }
            return parts.Count == 0 ? null : "Gates add: " + string.Join(" · ", parts);
        }
    }
}
