using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Identity.ServiceAccounts;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Components.Dialogs;

/// <summary>Issues a token for a service account through <see cref="ServiceAccountService"/>; returns the <see cref="CreatedApiToken"/>.</summary>
public partial class ServiceAccountTokenDialog
{
    [CascadingParameter]
    private IMudDialogInstance? MudDialog { get; set; }

    [Parameter, EditorRequired]
    public required ServiceAccountInfo Account { get; set; }

    [Inject]
    public required ServiceAccountService Accounts { get; init; }

    [Inject]
    public required RequestAuditActor Auditor { get; init; }

    private Task<CreatedApiToken> IssueAsync(ApiTokenRequest request) =>
        Accounts.CreateTokenAsync(Auditor.Current, Account.Name, request.Name, request.Lifetime, request.Scope);

    private void Issued(CreatedApiToken created) => MudDialog?.Close(DialogResult.Ok(created));

    private void Cancel() => MudDialog?.Cancel();
}
