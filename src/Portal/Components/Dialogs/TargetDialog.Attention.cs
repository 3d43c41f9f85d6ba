using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace PortalRelease.Portal.Components.Dialogs;

/// <summary>
/// After a failed save: a summary line naming every field with an error, and the first of them scrolled into view and
/// focused — on a long form (a kubernetes target) the errored field is otherwise below the fold and the save seems to
/// do nothing.
/// </summary>
public partial class TargetDialog : IAsyncDisposable
{
    /// <summary>The script module that scrolls to and focuses a field (wwwroot/js/field-focus.js).</summary>
    public const string FocusModule = "./js/field-focus.js";

    public const string NameElementId = "target-name-field";
    public const string KindElementId = "target-kind-field";
    public const string EnvironmentElementId = "target-environment-field";
    public const string TeamElementId = "target-team-field";

    private bool _attempted;
    private string? _focusPending;
    private IJSObjectReference? _focusModule;

    [Inject]
    public required IJSRuntime Js { get; init; }

    /// <summary>The fields still in error after a failed save, in form order, as (element id, label); null before one.</summary>
    private IReadOnlyList<(string Id, string Label)>? Attention
    {
        get
        {
            if (!_attempted)
            {
                return null;
            }
            var fields = new List<(string Id, string Label)>();
            if (IsNew && _nameError is not null)
            {
                fields.Add((NameElementId, "Name"));
            }
            if (IsNew && _kindError is not null)
            {
                fields.Add((KindElementId, "Kind"));
            }
            if (_environmentError is not null)
            {
                fields.Add((EnvironmentElementId, "Environment"));
            }
            if (_teamError is not null)
            {
                fields.Add((TeamElementId, "Owning team"));
            }
            fields.AddRange((_form?.Fields ?? []).Where(f => f.Error is not null).Select(f => (f.ElementId, f.Node.Label)));
            return fields;
        }
    }

    private static string AttentionText(IReadOnlyList<(string Id, string Label)> fields) =>
        (fields.Count == 1 ? "1 setting needs attention: " : $"{fields.Count} settings need attention: ")
        + string.Join(", ", fields.Select(f => f.Label));

    private void AfterFailedSave()
    {
        _attempted = true;
        _focusPending = Attention is [var first, ..] ? first.Id : null;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusPending is not { } id)
        {
            return;
        }
        _focusPending = null;
        try
        {
            _focusModule ??= await Js.InvokeAsync<IJSObjectReference>("import", FocusModule);
            await _focusModule.InvokeAsync<bool>("focusField", id);
        }
        catch (JSException)
        {
            // Focusing is a convenience: the summary line above the form still names the field.
        }
        catch (JSDisconnectedException)
        {
            // The circuit went away; there is no page to scroll.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_focusModule is null)
        {
            return;
        }
        try
        {
            await _focusModule.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone and the module with it.
        }
        GC.SuppressFinalize(this);
    }
}
