using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>A stage's gates in the plan preview: the approvals it needs and who can give them, and its calendar now.</summary>
public partial class PlanGateNote
{
    [Parameter, EditorRequired]
    public required PlanStage Stage { get; set; }

    [Inject]
    public required GateConfig Gates { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    /// <summary>The user previewing the plan: the release's author if they start it, who can never approve it.</summary>
    [Inject]
    public required CurrentActor Actor { get; init; }

    [Inject]
    public required Identity.Access.AccessControl Access { get; init; }

    private sealed record Line(Severity Severity, string Icon, string Text);

    private IEnumerable<Line> Lines
    {
        get
        {
            foreach (var approval in Stage.Steps.OfType<ApprovalStep>())
            {
                var members = Access.SettingsMembers(approval.Role);
                var who = members.Count == 0 ? $"nobody named in Portal:Access:Groups; members of {approval.Role} at the identity provider may" : string.Join(", ", members);
                var timeout = approval.Timeout is { } t ? $"; after {Durations.Format(t)} undecided: {approval.OnTimeout.ToString().ToLowerInvariant()}" : "";
                var eligible = members.Count(m => !string.Equals(m, Actor.Id, StringComparison.Ordinal));
                yield return new Line(
                    eligible < approval.Approvers ? Severity.Warning : Severity.Normal,
                    Icons.Material.Filled.HowToReg,
                    $"Needs {approval.Approvers} approval{(approval.Approvers == 1 ? "" : "s")} from {approval.Role} ({who}), never the author{timeout}.{Unreachable(approval, members, eligible)}");
            }
            var environment = Stage.EnvironmentName();
            if (Gates.Calendar(environment) is not { } calendar)
            {
                yield break;
            }
            var now = Time.GetUtcNow();
            var check = calendar.Check(now);
            yield return check.IsOpen
                ? new Line(Severity.Normal, Icons.Material.Filled.EventAvailable, $"Environment {environment}: deployment window open now ({Windows(calendar)}).")
                : new Line(Severity.Info, Icons.Material.Filled.EventBusy, $"Environment {environment}: {check.Reason} ({Windows(calendar)}).");
        }
    }

    /// <summary>
    /// Why the approvals can never all be given when started by the acting user: the author is a member of the role and
    /// the others are too few. Said before start, since the release would otherwise wait until its timeout.
    /// </summary>
    private string Unreachable(ApprovalStep approval, IReadOnlyCollection<string> members, int eligible)
    {
        if (eligible >= approval.Approvers || !members.Contains(Actor.Id, StringComparer.Ordinal))
        {
            return "";
        }
        var others = eligible == 0 ? "nobody else" : $"only {eligible} other member{(eligible == 1 ? "" : "s")}";
        return $" Started by you ({Actor.Id}), it cannot get them: you are its author and {approval.Role} has {others}.";
    }

    private static string Windows(DeploymentCalendar calendar) =>
        calendar.Windows.Count == 0
            ? $"any time outside freezes, {calendar.Zone.Id}"
            : string.Join("; ", calendar.Windows.Select(w =>
                $"{string.Join(",", w.Days.Order().Select(d => d.ToString()[..3]))} {w.From:hh\\:mm}–{(w.To.TotalHours >= 24 ? "24:00" : w.To.ToString(@"hh\:mm"))}")) + $" {calendar.Zone.Id}";
}
