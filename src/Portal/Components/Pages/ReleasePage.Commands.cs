using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Dialogs;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Pages;

public sealed partial class ReleasePage
{
    private bool _busy;

    [Inject]
    public required CurrentActor Actor { get; init; }

    /// <summary>The acting user as the services check and audit them.</summary>
    [Inject]
    public required Api.RequestAuditActor Auditor { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private async Task RunAsync(ReleaseCommand command)
    {
        string? reason = null;
        if (command is ReleaseCommand.Abort or ReleaseCommand.Rollback)
        {
            var confirmed = await ConfirmAsync(command);
            if (confirmed is null)
            {
                return;
            }
            reason = confirmed;
        }
        _busy = true;
        try
        {
            // The page follows the journal, so an accepted command shows up through the feed like any other event.
            var result = await Releases.ExecuteAsync(Id, command, Auditor.Current, reason);
            if (result.Status == CommandStatus.Accepted)
            {
                Snackbar.Add($"{CommandLabel(command)}: requested.", Severity.Success);
            }
            else
            {
                Snackbar.Add(result.Message ?? $"{CommandLabel(command)} was refused.", Severity.Error);
            }
        }
        catch (Identity.Access.AccessDeniedException denied)
        {
            Snackbar.Add(denied.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The reason given ("" for none), or null when the person cancelled.</summary>
    private async Task<string?> ConfirmAsync(ReleaseCommand command)
    {
        var abort = command == ReleaseCommand.Abort;
        var parameters = new DialogParameters<CommandDialog>
        {
            {
                d => d.Message,
                abort
                    ? "Abort stops the release and returns every target it touched to its previous version."
                    : "Roll back returns every target this release touched to the version it ran before."
            },
            { d => d.ConfirmText, abort ? "Abort release" : "Roll back" },
        };
        var dialog = await Dialogs.ShowAsync<CommandDialog>(abort ? "Abort this release?" : "Roll back this release?", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false } ? result.Data as string ?? "" : null;
    }

    private static string CommandLabel(ReleaseCommand command) => command switch
    {
        ReleaseCommand.Rollback => "Roll back",
        _ => command.ToString(),
    };

    private static string CommandIcon(ReleaseCommand command) => command switch
    {
        ReleaseCommand.Pause => Icons.Material.Filled.Pause,
        ReleaseCommand.Resume => Icons.Material.Filled.PlayArrow,
        ReleaseCommand.Abort => Icons.Material.Filled.Stop,
        _ => Icons.Material.Filled.Undo,
    };

    private static Color CommandColor(ReleaseCommand command) => command switch
    {
        ReleaseCommand.Pause or ReleaseCommand.Resume => Color.Primary,
        _ => Color.Error,
    };
}
