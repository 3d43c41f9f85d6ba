using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.ServiceAccounts;

namespace PortalRelease.Portal.Components.Dialogs;

/// <summary>
/// Creates a service account through <see cref="ServiceAccountService"/>; the dialog stays open on a refusal and shows
/// it at the field the service names. Returns the <see cref="ServiceAccountInfo"/> created.
/// </summary>
public partial class ServiceAccountDialog
{
    private string? _name;
    private string? _displayName;
    private string? _description;
    private bool _busy;
    private string? _field;
    private string? _fieldMessage;
    private string? _message;

    [CascadingParameter]
    private IMudDialogInstance? MudDialog { get; set; }

    [Inject]
    public required ServiceAccountService Accounts { get; init; }

    [Inject]
    public required RequestAuditActor Auditor { get; init; }

    private string? Error(string field) => _field == field ? _fieldMessage : null;

    private async Task CreateAsync()
    {
        // One click, one account: a double click lands here while the first is still busy.
        if (_busy)
        {
            return;
        }
        _busy = true;
        (_field, _fieldMessage, _message) = (null, null, null);
        try
        {
            var created = await Accounts.CreateAsync(Auditor.Current, _name?.Trim(), _displayName, _description);
            MudDialog?.Close(DialogResult.Ok(created));
        }
        catch (ServiceAccountException refused)
        {
            (_field, _fieldMessage) = (refused.Field, refused.Message);
        }
        catch (AccessDeniedException denied)
        {
            _message = denied.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private void Cancel() => MudDialog?.Cancel();
}
