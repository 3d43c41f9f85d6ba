using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace PortalRelease.Portal.Components.Dialogs;

/// <summary>Asks to confirm a command that cannot be undone, with an optional reason. Returns the reason (or "").</summary>
public partial class CommandDialog
{
    private string? _reason;

    [CascadingParameter]
    private IMudDialogInstance? MudDialog { get; set; }

    [Parameter, EditorRequired]
    public required string Message { get; set; }

    [Parameter, EditorRequired]
    public required string ConfirmText { get; set; }

    private void Cancel() => MudDialog?.Cancel();

    private void Confirm() => MudDialog?.Close(DialogResult.Ok(_reason ?? ""));
}
