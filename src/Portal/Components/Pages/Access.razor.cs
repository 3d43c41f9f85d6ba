using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// Who may do what: the signed-in user's own groups and grants for everyone; for admins every grant (from settings and
/// the database), a form to add one and removal of stored ones — through <see cref="AccessGrantService"/>, which checks
/// again, so the page only hides what the service would refuse.
/// </summary>
public partial class Access
{
    private IReadOnlyList<AccessGrant> _mine = [];
    private IReadOnlyList<AccessGrant> _all = [];
    private List<string> _groups = [];
    private bool _canManage;
    private UiCommand? _command;
    private string? _message;
    private RequestErrors _errors = new();
    private GrantSubjectKind _kind = GrantSubjectKind.User;
    private string? _subject;
    private string _role = AccessRoles.Viewer;
    private string? _services;
    private string? _environments;
    private string? _teams;

    [Inject]
    public required AccessControl Control { get; init; }

    [Inject]
    public required AccessGrantService Grants { get; init; }

    [Inject]
    public required AccessGuard Guard { get; init; }

    [Inject]
    public required CurrentActor Actor { get; init; }

    [Inject]
    public required RequestAuditActor Auditor { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private UiCommand Command => _command ??= new UiCommand(Dialogs, Snackbar);

    private bool CanSubmit => _kind == GrantSubjectKind.Everyone || !string.IsNullOrWhiteSpace(_subject);

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _groups = Control.GroupsOf(Actor.User).Order(StringComparer.Ordinal).ToList();
        _mine = await Control.GrantsOfAsync(Actor.User);
        _canManage = (await Guard.CheckAsync(Auditor.Current, AccessPermission.ManageAccess, AccessScope.Global)).Allowed;
        _all = _canManage ? await Grants.ListAsync(Auditor.Current) : [];
    }

    private string? Error(string field) => _errors.TryGetValue(field, out var messages) ? messages[0] : null;

    private string? ErrorStartingWith(string field) =>
        _errors.FirstOrDefault(e => e.Key == field || e.Key.StartsWith(field + ".", StringComparison.Ordinal)) is { Key: not null } found
            ? $"{found.Key}: {found.Value[0]}"
            : null;

    private async Task AddAsync() => await Command.RunAsync(async () =>
    {
        _message = null;
        var subject = _subject?.Trim();
        var change = await Grants.AddAsync(new GrantInput(
            _kind == GrantSubjectKind.User ? subject : null,
            _kind == GrantSubjectKind.Group ? subject : null,
            _kind == GrantSubjectKind.Everyone,
            _role,
            Split(_environments),
            Split(_services),
            Split(_teams)), Auditor.Current);
        _errors = change.Errors;
        if (change.Conflict is { } conflict)
        {
            _message = conflict;
        }
        else if (change.Grant is { } grant)
        {
            Snackbar.Add($"Granted {grant.Describe()}.", Severity.Success);
            _subject = null;
            _services = null;
            _environments = null;
            _teams = null;
            await LoadAsync();
        }
    }, refused: denied => _message = denied.Message);

    private async Task RemoveAsync(AccessGrant grant) => await Command.RunAsync(async () =>
    {
        var change = await Grants.RemoveAsync(grant.Id, Auditor.Current);
        if (change.Conflict is { } conflict)
        {
            Snackbar.Add(conflict, Severity.Error);
        }
        else
        {
            Snackbar.Add($"Removed {grant.Describe()}.", Severity.Success);
        }
        await LoadAsync();
    }, new Confirmation("Remove grant", $"Remove {grant.Describe()}? It stops applying at once.", "Remove"));

    private static List<string>? Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Subject(AccessGrant grant) => grant.Kind switch
    {
        GrantSubjectKind.Everyone => "everyone",
        GrantSubjectKind.Group => $"group {grant.Subject}",
        _ => grant.Subject,
    };

    private static string Origin(AccessGrant grant) =>
        grant.Source == AccessGrant.FromDatabase && grant.CreatedAt is { } at ? $"{grant.CreatedBy}, {RelativeTime.Absolute(at)}" : grant.Source;

    private static Color RoleColor(string role) => role switch
    {
        AccessRoles.Admin => Color.Error,
        AccessRoles.Operator => Color.Warning,
        AccessRoles.Approver => Color.Info,
        AccessRoles.Deployer => Color.Primary,
        _ => Color.Default,
    };
}
