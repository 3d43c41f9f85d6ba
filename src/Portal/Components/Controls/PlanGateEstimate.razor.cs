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
                    ? $"stage {first.Name} {closed.Reason} (in {Wait(opens - now)})"
                    : $"stage {first.Name}: {closed.Reason}");
            }
            if (parts.Count == 0 && approvals.Count == 0 && first is null)
            {
                // Said outright, so a plan without gates does not read like a preview that forgot them.
                var environments = Plan.Stages.Select(s => s.EnvironmentName()).Distinct(StringComparer.Ordinal).ToList();
                return $"No gates: nobody has to approve, and no deployment calendar applies to environment{(environments.Count == 1 ? "" : "s")} {string.Join(", ", environments)}.";
            }
            return parts.Count == 0 ? null : "Gates add: " + string.Join(" · ", parts);
        }
    }

    /// <summary>A wait for a person to read: whole minutes, and days once it is a day or more ("3 d 11 h 24 m", not "83h24m").</summary>
    public static string Wait(TimeSpan wait)
    {
        var minutes = TimeSpan.FromMinutes(Math.Ceiling(Math.Max(0, wait.TotalMinutes)));
        if (minutes < TimeSpan.FromDays(1))
        {
            return Durations.Format(minutes);
        }
        var parts = new List<string> { $"{(int)minutes.TotalDays} d" };
        if (minutes.Hours > 0)
        {
            parts.Add($"{minutes.Hours} h");
        }
        if (minutes.Minutes > 0)
        {
            parts.Add($"{minutes.Minutes} m");
        }
        return string.Join(" ", parts);
    }
}
