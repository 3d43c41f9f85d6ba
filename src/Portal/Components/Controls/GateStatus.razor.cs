using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>A release's gates: each approval with who approved or rejected, the calendar wait, overrides; and the actions on them.</summary>
public sealed partial class GateStatus
{
    private bool _busy;

    [Parameter, EditorRequired]
    public required ReleaseView View { get; set; }

    /// <summary>What the current user may do here, as <see cref="ReleaseService"/> decides it; null while unknown (nothing is offered).</summary>
    [Parameter, EditorRequired]
    public required ReleasePermissions? Permissions { get; set; }

    [Inject]
    public required ReleaseService Releases { get; init; }

    [Inject]
    public required CurrentActor Actor { get; init; }

    /// <summary>The acting user as the services check and audit them.</summary>
    [Inject]
    public required Api.RequestAuditActor Auditor { get; init; }

    [Inject]
    public required GateConfig Gates { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private bool IsBudgetFreeze => GateActions.IsBudgetFreeze(View);

    private bool HasGates => View.Approvals.Count > 0 || View.WindowWait is not null || View.Overrides.Count > 0;

    private async Task ActAsync(GateActions.Kind kind)
    {
        _busy = true;
        try
        {
            await GateActions.RunAsync(Dialogs, Snackbar, Releases, Auditor.Current, View.Id, kind, View);
        }
        finally
        {
            _busy = false;
        }
    }

    private string Approvers(ReleaseView.ApprovalState approval) => Releases.ApproversLeft(View, approval);

    private static string DeadlineText(ReleaseView.ApprovalState approval) => approval.Request.Deadline is { } deadline
        ? $" · {approval.Request.OnTimeout.ToString().ToLowerInvariant()} at {RelativeTime.Absolute(deadline)}{(approval.TimedOut is null ? "" : " (timed out)")}"
        : "";

    private static string ApprovalIcon(ReleaseView.ApprovalState approval) => approval.Decision switch
    {
        { Approved: true } => Icons.Material.Filled.CheckCircle,
        { Approved: false } => Icons.Material.Filled.Cancel,
        _ => Icons.Material.Filled.HowToReg,
    };

    private static Color ApprovalColor(ReleaseView.ApprovalState approval) => approval.Decision switch
    {
        { Approved: true } => Color.Success,
        { Approved: false } => Color.Error,
        _ => Color.Info,
    };
}
