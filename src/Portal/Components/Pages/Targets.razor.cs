using System.Text.Json;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Contracts;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Dialogs;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>The configured targets: create, edit, delete and test each. Secrets appear only as set or not set.</summary>
public sealed partial class Targets : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly DialogOptions DialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    private IReadOnlyList<TargetView> _targets = [];
    private readonly Dictionary<string, TargetTestResultView> _tests = new(StringComparer.Ordinal);
    private readonly HashSet<string> _testing = new(StringComparer.Ordinal);

    // Why the user may not change targets, in the service's words; null when they may (or until known: see MayManage).
    private string? _mayNotManage;
    private bool _accessKnown;

    // Per target, why the user may not manage it (admins for some environments or teams only); absent when they may.
    private Dictionary<string, string> _rowRefusals = new(StringComparer.Ordinal);

    [Inject]
    public required TargetService Service { get; init; }

    [Inject]
    public required RequestAuditActor Actor { get; init; }

    [Inject]
    public required PluginCatalog Plugins { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required Identity.CurrentActor User { get; init; }

    protected override async Task OnInitializedAsync()
    {
        User.Changed += OnUserChanged;
        _targets = await Service.ListAsync();
        await CheckAccessAsync();
    }

    public void Dispose() => User.Changed -= OnUserChanged;

    private void OnUserChanged() => _ = InvokeAsync(async () =>
    {
        await CheckAccessAsync();
        StateHasChanged();
    });

    private bool MayManage => _accessKnown && _mayNotManage is null;

    private bool MayManageRow(TargetView target) => MayManage && !_rowRefusals.ContainsKey(target.Name);

    private async Task CheckAccessAsync()
    {
        _mayNotManage = (await Service.MayManageAsync(Actor.Current)).Reason;
        var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var target in _mayNotManage is null ? _targets : [])
        {
            if ((await Service.MayManageAsync(Actor.Current, target)).Reason is { } reason)
            {
                refusals[target.Name] = reason;
            }
        }
        _rowRefusals = refusals;
        _accessKnown = true;
    }

    private async Task ReloadAsync()
    {
        _targets = await Service.ListAsync();
        await CheckAccessAsync();
    }

    /// <summary>Secrets are never part of the stored settings, so the settings can be shown as they are.</summary>
    private static string Settings(TargetView target) => JsonSerializer.Serialize(target.Settings, Indented);

    private async Task CreateAsync()
    {
        var parameters = new DialogParameters<TargetDialog> { { d => d.Kinds, Plugins.Drivers.OrderBy(d => d.Kind, StringComparer.Ordinal).ToList() } };
        await ShowAsync("New target", parameters, "created");
    }

    private async Task EditAsync(TargetView target)
    {
        var parameters = new DialogParameters<TargetDialog> { { d => d.Existing, target } };
        await ShowAsync($"Edit {target.Name}", parameters, "saved");
    }

    private async Task ShowAsync(string title, DialogParameters<TargetDialog> parameters, string verb)
    {
        var dialog = await Dialogs.ShowAsync<TargetDialog>(title, parameters, DialogOptions);
        if (await dialog.Result is { Canceled: false, Data: TargetView saved })
        {
            _tests.Remove(saved.Name);
            Snackbar.Add($"Target {saved.Name} {verb}.", Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(TargetView target)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Delete target",
            $"Delete target '{target.Name}'? Templates that name it can no longer start releases. Its secrets are deleted with it.",
            yesText: "Delete",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        var result = await Service.DeleteAsync(target.Name, Actor.Current);
        if (result.Outcome == TargetOutcome.Ok)
        {
            Snackbar.Add($"Target {target.Name} deleted.", Severity.Success);
        }
        else
        {
            Snackbar.Add(result.Message ?? "The target was not deleted.", Severity.Error);
        }
        _tests.Remove(target.Name);
        await ReloadAsync();
    }

    private async Task TestAsync(TargetView target)
    {
        _testing.Add(target.Name);
        try
        {
            if (await Service.TestAsync(target.Name, Actor.Current) is { } result)
            {
                _tests[target.Name] = result;
            }
        }
        finally
        {
            _testing.Remove(target.Name);
        }
    }
}
