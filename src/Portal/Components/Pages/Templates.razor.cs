using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>Templates, newest version of each, and the import panel that reports every error by line and column.</summary>
public sealed partial class Templates : IDisposable
{
    private IReadOnlyList<TemplateRecord> _templates = [];
    private IReadOnlyDictionary<string, Ownership.TemplateOwner> _owners = new Dictionary<string, Ownership.TemplateOwner>();

    [Inject]
    public required Ownership.TemplateOwners Owners { get; init; }
    private IReadOnlyList<TemplateError> _errors = [];
    private string? _yaml;
    private bool _busy;

    // Why the user may not import, or start releases, in the services' words; null when they may (or until known: see MayImport, MayStart).
    private string? _mayNotImport;
    private string? _mayNotStart;
    private bool _accessKnown;

    [Inject]
    public required TemplateRepository Repository { get; init; }

    [Inject]
    public required TemplateService Importer { get; init; }

    [Inject]
    public required Releases.ReleaseService Releases { get; init; }

    [Inject]
    public required RequestAuditActor Actor { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required CurrentActor User { get; init; }

    protected override async Task OnInitializedAsync()
    {
        User.Changed += OnUserChanged;
        await CheckAccessAsync();
        await LoadAsync();
    }

    public void Dispose() => User.Changed -= OnUserChanged;

    private void OnUserChanged() => _ = InvokeAsync(async () =>
    {
        await CheckAccessAsync();
        StateHasChanged();
    });

    private bool MayImport => _accessKnown && _mayNotImport is null;

    private bool MayStart => _accessKnown && _mayNotStart is null;

    private async Task CheckAccessAsync()
    {
        _mayNotImport = (await Importer.MayManageAsync(Actor.Current)).Reason;
        _mayNotStart = (await Releases.MayStartAsync(Actor.Current)).Reason;
        _accessKnown = true;
    }

    private async Task LoadAsync()
    {
        _templates = await Repository.ListLatestAsync();
        _owners = await Owners.OfAllAsync(_templates);
    }

    private Ownership.TemplateOwner? OwnerOf(TemplateRecord template) => _owners.GetValueOrDefault(template.Name);

    // No link while starting is refused: a disabled button that still navigates would open the wizard anyway.
    private string? StartHref(TemplateRecord template) => MayStart ? $"/releases/new?template={Uri.EscapeDataString(template.Name)}" : null;

    private async Task ImportAsync()
    {
        if (string.IsNullOrWhiteSpace(_yaml) || _busy)
        {
            return;
        }
        _busy = true;
        try
        {
            var result = await Importer.ImportAsync(_yaml, Actor.Current);
            _errors = result.Errors;
            if (result.Record is not { } record)
            {
                return;
            }
            Snackbar.Add(
                result.Created ? $"Imported {record.Name} v{record.Version}." : $"{record.Name} v{record.Version} already has this YAML: nothing changed.",
                result.Created ? Severity.Success : Severity.Info);
            _yaml = null;
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Show(TemplateError error) => error.Path.Length == 0
        ? $"line {error.Line}, column {error.Column} — {error.Message}"
        : $"line {error.Line}, column {error.Column} — {error.Path}: {error.Message}";
}
