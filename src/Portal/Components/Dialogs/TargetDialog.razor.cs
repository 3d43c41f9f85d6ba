using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Contracts;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Targets;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Components.Dialogs;

/// <summary>Creates or edits a target with a form generated from its driver's schema. Returns the saved <see cref="TargetView"/>.</summary>
public partial class TargetDialog
{
    private string? _name;
    private string? _nameError;
    private string? _kind;
    private string? _kindError;
    private string? _environment;
    private string? _environmentError;
    private string? _team;
    private string? _teamError;
    private string? _schemaError;
    private SchemaFormModel? _form;
    private bool _saving;
    private List<string> _problems = [];

    [CascadingParameter]
    private IMudDialogInstance? MudDialog { get; set; }

    [Inject]
    public required TargetService Targets { get; init; }

    [Inject]
    public required RequestAuditActor Actor { get; init; }

    /// <summary>The target to edit; null to create one.</summary>
    [Parameter]
    public TargetView? Existing { get; set; }

    [Parameter]
    public IReadOnlyList<ITargetDriver> Kinds { get; set; } = [];

    private bool IsNew => Existing is null;

    protected override void OnInitialized()
    {
        if (Existing is { } target)
        {
            _environment = target.Environment;
            _team = target.Team;
            BuildForm(target.Kind, target);
        }
        else if (Kinds.Count == 1)
        {
            SetKind(Kinds[0].Kind);
        }
    }

    private void SetName(string? value)
    {
        _name = value;
        _nameError = null;
    }

    private void SetKind(string? kind)
    {
        _kind = kind;
        _kindError = null;
        if (kind is not null)
        {
            BuildForm(kind, null);
        }
    }

    private void BuildForm(string kind, TargetView? target)
    {
        _form = null;
        _schemaError = null;
        if (Targets.SchemaOf(kind) is not { } schema)
        {
            _schemaError = $"No loaded plugin provides kind '{kind}': its settings cannot be edited until the plugin loads. See the Plugins page.";
            return;
        }
        if (schema.Error is not null)
        {
            _schemaError = $"Kind '{kind}' cannot be configured: {schema.Error}.";
            return;
        }
        _form = new SchemaFormModel(schema.Root, target?.Settings, target?.Secrets);
    }

    private void Cancel() => MudDialog?.Cancel();

    private async Task SaveAsync()
    {
        _problems = [];
        _environmentError = null;
        _teamError = null;
        _attempted = false;
        var ok = _form?.Validate() ?? false;
        if (IsNew)
        {
            _nameError = TargetName.Check(_name);
            _kindError = _kind is null ? "Choose a kind." : null;
            ok &= _nameError is null && _kindError is null;
        }
        if (!ok || _form is null)
        {
            AfterFailedSave();
            return;
        }
        _saving = true;
        try
        {
            // An emptied field is sent as "": it removes the label (left out would keep the stored one).
            var input = new TargetInput(IsNew ? _name : null, IsNew ? _kind : null, _form.Settings(), _form.Secrets())
            {
                Environment = _environment?.Trim() ?? "",
                Team = _team?.Trim() ?? "",
            };
            var change = IsNew ? await Targets.CreateAsync(input, Actor.Current) : await Targets.UpdateAsync(Existing!.Name, input, Actor.Current);
            if (change.Outcome == TargetOutcome.Ok)
            {
                MudDialog?.Close(DialogResult.Ok(change.Target));
                return;
            }
            ShowErrors(change);
            AfterFailedSave();
        }
        catch (Identity.Access.AccessDeniedException denied)
        {
            // An admin for some environments or teams may ask for a target outside them: the service's refusal is the answer.
            _problems.Add(denied.Message);
            AfterFailedSave();
        }
        finally
        {
            _saving = false;
        }
    }

    private void ShowErrors(TargetChange change)
    {
        if (change.Message is { } message)
        {
            _problems.Add(message);
        }
        var rest = new List<TargetError>();
        foreach (var error in change.Errors)
        {
            switch (error.Path)
            {
                case "/name":
                    _nameError = error.Message;
                    break;
                case "/kind" when IsNew:
                    _kindError = error.Message;
                    break;
                case "/environment":
                    _environmentError = error.Message;
                    break;
                case "/team":
                    _teamError = error.Message;
                    break;
                default:
                    rest.Add(error);
                    break;
            }
        }
        _problems.AddRange((_form?.ShowServerErrors(rest) ?? rest).Select(e => e.ToString()));
    }
}
