using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Ownership;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// The service catalog: everyone reads who owns what; admins register services, change owners and remove them —
/// through <see cref="ServiceCatalog"/>, which checks again, so the page only hides what the service would refuse.
/// </summary>
public partial class Services
{
    private IReadOnlyList<ServiceEntry> _services = [];
    private bool _canManage;
    private UiCommand? _command;
    private bool _editing;
    private string? _message;
    private RequestErrors _errors = new();
    private string? _name;
    private string? _team;
    private string? _description;

    [Inject]
    public required ServiceCatalog Catalog { get; init; }

    [Inject]
    public required AccessGuard Guard { get; init; }

    [Inject]
    public required RequestAuditActor Auditor { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private UiCommand Command => _command ??= new UiCommand(Dialogs, Snackbar);

    private bool CanSubmit => !string.IsNullOrWhiteSpace(_name) && !string.IsNullOrWhiteSpace(_team);

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _canManage = (await Guard.CheckAsync(Auditor.Current, AccessPermission.ManageAccess, AccessScope.Global)).Allowed;
        _services = await Catalog.ListAsync();
    }

    private string? Error(string field) => _errors.TryGetValue(field, out var messages) ? messages[0] : null;

    private void Edit(ServiceEntry service)
    {
        (_name, _team, _description, _editing, _errors, _message) = (service.Name, service.Team, service.Description, true, new RequestErrors(), null);
    }

    private void Clear()
    {
        (_name, _team, _description, _editing, _errors, _message) = (null, null, null, false, new RequestErrors(), null);
    }

    private async Task SaveAsync()
    {
        if (_name is not { } name)
        {
            return;
        }
        await Command.RunAsync(async () =>
        {
            _message = null;
            var change = await Catalog.PutAsync(name.Trim(), new ServiceInput(_team?.Trim(), _description), Auditor.Current);
            _errors = change.Errors;
            if (change.Entry is { } entry)
            {
                Snackbar.Add($"{entry.Name} {(change.Created ? "registered" : "changed")}: owned by {entry.Team}.", Severity.Success);
                Clear();
                await LoadAsync();
            }
        }, refused: denied => _message = denied.Message);
    }

    private async Task RemoveAsync(ServiceEntry service) => await Command.RunAsync(
        async () =>
        {
            Snackbar.Add(await Catalog.RemoveAsync(service.Name, Auditor.Current) is null ? $"{service.Name} was not in the catalog." : $"Removed {service.Name}.",
                Severity.Success);
            await LoadAsync();
        },
        new Confirmation("Remove service", $"Remove {service.Name} from the catalog? New releases of it count as unassigned, and grants by team no longer cover it.", "Remove"));
}
