using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace PortalRelease.Portal.Components.Dialogs;

/// <summary>Approve, reject or override with a comment; returns the comment. A required comment must not be blank.</summary>
public partial class ApprovalDialog
{
    private string? _comment;
    private bool _tried;

    [CascadingParameter]
    private IMudDialogInstance? MudDialog { get; set; }

    [Parameter, EditorRequired]
    public required string Message { get; set; }

    [Parameter, EditorRequired]
    public required string ConfirmText { get; set; }

    [Parameter]
    public bool CommentRequired { get; set; }

    [Parameter]
    public Color ConfirmColor { get; set; } = Color.Primary;

    /// <summary>The field's label when "Comment" is the wrong word (an override gives a reason).</summary>
    [Parameter]
    public string? CommentLabel { get; set; }

    /// <summary>What a required, blank comment is told.</summary>
    [Parameter]
    public string MissingText { get; set; } = "Say why: the author reads it.";

    private bool Missing => CommentRequired && string.IsNullOrWhiteSpace(_comment);

    private void Cancel() => MudDialog?.Cancel();

    private void Confirm()
    {
        _tried = true;
        if (!Missing)
        {
            MudDialog?.Close(DialogResult.Ok(_comment?.Trim() ?? ""));
        }
    }
}
