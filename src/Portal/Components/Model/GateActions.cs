using MudBlazor;
using PortalRelease.Portal.Components.Dialogs;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Model;

/// <summary>Approve, reject and override from a page: ask for the comment, act as the current user, say what happened.</summary>
public static class GateActions
{
    public enum Kind
    {
        Approve,
        Reject,
        Override,
    }

    /// <summary>The release waits because its service's error budget is spent, not for a calendar.</summary>
    public static bool IsBudgetFreeze(ReleaseView? view) => view?.WindowWait is { } waiting && Slos.SloText.IsFrozen(waiting.Reason);

    /// <summary>
    /// Null when the user cancelled; otherwise the service's answer. An override names the gate the release waits at:
    /// the error budget when its service is frozen, else its deployment window or freeze.
    /// </summary>
    public static async Task<GateResult?> RunAsync(
        IDialogService dialogs, ISnackbar snackbar, ReleaseService releases, Audit.AuditActor actor, string releaseId, Kind kind, ReleaseView? view = null)
    {
        var overridesBudget = IsBudgetFreeze(view);
        var (message, confirm, required, color) = kind switch
        {
            Kind.Approve => ($"Approve release {releaseId} as {actor.Id}?", "Approve", false, Color.Success),
            Kind.Reject => ($"Reject release {releaseId} as {actor.Id}? It fails, and what it changed is rolled back.", "Reject", true, Color.Error),
            _ when overridesBudget => ($"Deploy release {releaseId} now, although its service's error budget is spent? Your reason is kept in the journal.", "Override", true, Color.Warning),
            _ => ($"Deploy release {releaseId} now, outside its deployment window or freeze? Your reason is kept in the journal.", "Override", true, Color.Warning),
        };
        var parameters = new DialogParameters<ApprovalDialog>
        {
            { d => d.Message, message },
            { d => d.ConfirmText, confirm },
            { d => d.CommentRequired, required },
            { d => d.ConfirmColor, color },
        };
        if (kind == Kind.Override)
        {
            // Nobody "reads" an override the way an author reads a rejection: it is a reason kept with the name.
            parameters.Add(d => d.CommentLabel, "Reason (required)");
            parameters.Add(d => d.MissingText, "Give the reason: it is kept in the journal with your name.");
        }
        var dialog = await dialogs.ShowAsync<ApprovalDialog>(confirm, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: string comment })
        {
            return null;
        }
        GateResult result;
        try
        {
            result = kind switch
            {
                Kind.Approve => await releases.ApproveAsync(releaseId, actor, comment),
                Kind.Reject => await releases.RejectAsync(releaseId, actor, comment),
                _ => await releases.OverrideAsync(releaseId, actor, overridesBudget ? Releases.Engine.GateNames.ErrorBudget : Releases.Engine.GateNames.Window, comment),
            };
        }
        catch (Identity.Access.AccessDeniedException denied)
        {
            // The page hides what the user may not do; grants can change while it is open.
            result = new GateResult(GateStatus.Forbidden, denied.Message);
        }
        if (result.Status == GateStatus.Accepted)
        {
            var done = kind switch
            {
                Kind.Approve => "Approved",
                Kind.Reject => "Rejected",
                _ => overridesBudget ? "Overrode the error-budget freeze of" : "Overrode the window of",
            };
            snackbar.Add($"{done} release {releaseId} as {actor.Id}.", Severity.Success);
        }
        else
        {
            snackbar.Add(result.Message ?? "Not possible.", Severity.Error);
        }
        return result;
    }
}
