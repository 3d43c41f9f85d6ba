using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// The release wizard: choose a template, fill the form generated from its parameters, preview the plan, start.
/// The browser checks what is obvious; the release service checks everything, and its errors land by their field.
/// </summary>
public partial class NewReleaseWizard
{
    private static readonly string[] StepTitles = ["Choose a template", "Parameters", "Preview and start"];

    private IReadOnlyList<TemplateRecord> _templates = [];
    private IReadOnlyDictionary<string, Ownership.TemplateOwner> _owners = new Dictionary<string, Ownership.TemplateOwner>();

    [Inject]
    public required Ownership.TemplateOwners Owners { get; init; }
    private WizardStep _step = WizardStep.Template;
    private string? _chosen;
    private List<ParameterField> _fields = [];
    private string? _versionError;
    private string? _templateError;
    private IReadOnlyList<string> _planErrors = [];
    private PlanPreview? _preview;

    // Why the signed-in user may not start the previewed plan (the service would refuse it), or null.
    private string? _mayNotStart;
    private bool _busy;
    private bool _started;
    private string? _startError;

    // One key for this wizard session, kept across Start clicks: a second click (a double-click's second event lands
    // after a fast start completed, before the browser has left the page) answers with the release already started.
    private readonly IdempotencyKey _startKey = IdempotencyKey.New();

    [Inject]
    public required TemplateRepository Templates { get; init; }

    [Inject]
    public required ILogger<NewReleaseWizard> Logger { get; init; }

    [Inject]
    public required ReleaseService Releases { get; init; }

    [Inject]
    public required CurrentActor Actor { get; init; }

    /// <summary>The acting user as the services check and audit them.</summary>
    [Inject]
    public required Api.RequestAuditActor Auditor { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "template")]
    public string? TemplateName { get; set; }

    private string Version
    {
        get;
        set
        {
            field = value;
            _versionError = null;
        }
    } = "";

    protected override async Task OnInitializedAsync()
    {
        _templates = Startable(await Templates.ListLatestAsync());
        _owners = await Owners.OfAllAsync(_templates);
        if (!string.IsNullOrWhiteSpace(TemplateName))
        {
            await ChooseAsync(TemplateName);
        }
    }

    private async Task ChooseAsync(string name)
    {
        _busy = true;
        try
        {
            var preview = await Releases.PreviewAsync(name, new Dictionary<string, JsonElement>());
            if (preview.Template is null)
            {
                _templateError = string.Join(" ", preview.Errors.GetValueOrDefault("template") ?? []);
                _step = WizardStep.Template;
                return;
            }
            _templateError = null;
            _chosen = preview.Template.Name;
            _fields = preview.Template.Parameters.Select(p => new ParameterField(p)).ToList();
            _planErrors = [];
            _step = WizardStep.Parameters;
        }
        finally
        {
            _busy = false;
        }
    }

    private void GoBackTo(int step)
    {
        if (step < (int)_step)
        {
            _step = (WizardStep)step;
        }
    }

    private async Task PreviewAsync()
    {
        var valid = _fields.Aggregate(true, (ok, field) => field.Check() && ok);
        if (ReleaseService.CheckVersion(Version.Trim()) is { } versionError)
        {
            _versionError = versionError;
            valid = false;
        }
        if (!valid || _chosen is null)
        {
            return;
        }
        _busy = true;
        try
        {
            var preview = await Releases.PreviewAsync(_chosen, Values());
            if (ShowErrors(preview.Errors))
            {
                return;
            }
            if (await QuarantineErrorAsync(preview, Version.Trim()) is { } quarantined)
            {
                _versionError = quarantined;
                return;
            }
            _preview = preview;
            _mayNotStart = preview.Compiled?.Plan is { } plan && preview.Record is { } template
                ? (await Releases.MayStartAsync(Auditor.Current, plan, template.Name)).Reason
                : null;
            _step = WizardStep.Preview;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task StartAsync()
    {
        if (_chosen is null || _busy || _started)
        {
            return;
        }
        _busy = true;
        _startError = null;
        try
        {
            var result = await Releases.CreateAsync(new NewRelease(_chosen, Version.Trim(), Values()), Auditor.Current, _startKey);
            if (result.Id is { } id)
            {
                // Start stays disabled from here: the page is leaving for the release.
                _started = true;
                Navigation.NavigateTo($"/releases/{id}");
                return;
            }
            if (result.KeyConflict is not null)
            {
                _startError = "A release was already started from this wizard with other values. Open a new wizard to start another.";
                return;
            }
            ShowErrors(result.Errors);
            _step = result.Errors.ContainsKey("template") ? WizardStep.Template : WizardStep.Parameters;
        }
        catch (Identity.Access.AccessDeniedException denied)
        {
            _startError = $"The release was not created: {denied.Message}";
        }
        catch (Exception error) when (error is DbException or IOException or TimeoutException)
        {
            // The database or disk failed (busy under load, full, gone): nothing was created (the journal writer commits
            // the release and its first event in one transaction), so the user keeps the preview and may start again.
            Logger.LogError(error, "Could not create a release of {Template} version {Version} for {Actor}", _chosen, Version, Actor.Id);
            _startError = $"The release was not created: the portal could not save it ({error.Message}). Nothing was started; your input is kept — try Start again.";
        }
        finally
        {
            _busy = false;
        }
    }

    private static string Show(object? value) => ParameterValues.Format(value);

    private Dictionary<string, JsonElement> Values()
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in _fields)
        {
            if (field.ToJson() is { } json)
            {
                values[field.Name] = json;
            }
        }
        return values;
    }

    /// <summary>Puts each server error beside its field; errors for no field go above the buttons. True when any.</summary>
    private bool ShowErrors(RequestErrors errors)
    {
        _templateError = errors.TryGetValue("template", out var template) ? string.Join(" ", template) : null;
        _versionError = errors.TryGetValue("version", out var version) ? string.Join(" ", version) : null;
        var planErrors = new List<string>(errors.GetValueOrDefault("plan") ?? []);
        foreach (var (key, messages) in errors.Where(e => e.Key.StartsWith("parameters.", StringComparison.Ordinal)))
        {
            var name = key["parameters.".Length..];
            if (_fields.FirstOrDefault(f => f.Name == name) is { } field)
            {
                field.Error = string.Join(" ", messages);
            }
            else
            {
                planErrors.AddRange(messages.Select(m => $"{name}: {m}"));
            }
        }
        _planErrors = planErrors;
        return errors.Count > 0;
    }
}
