using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>The signed-in user's API tokens: create one (its value shown once), see when each was last used, revoke.</summary>
public partial class ApiTokens
{
    private IReadOnlyList<ApiTokenInfo> _tokens = [];
    private string? _name;
    private int _days = 90;
    private string? _role;
    private string? _environments;
    private string? _services;
    private bool _busy;
    private string? _error;
    private CreatedApiToken? _created;

    [Inject]
    public required ApiTokenService Tokens { get; init; }

    [Inject]
    public required CurrentActor Actor { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IJSRuntime Js { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync() => _tokens = await Tokens.ListAsync(Actor.User);

    private static IReadOnlyList<string> Roles => AccessRoles.Names;

    /// <summary>Patterns typed into one field, separated by commas or spaces; none typed is no restriction.</summary>
    private static List<string?>? Patterns(string? text)
    {
        var patterns = (text ?? "").Split([',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(p => (string?)p).ToList();
        return patterns.Count == 0 ? null : patterns;
    }

    private static string ScopeText(ApiTokenScope scope) =>
        scope.IsUnrestricted
            ? "all you may do"
            : string.Join("; ", new[]
            {
                scope.Role is null ? null : $"at most {scope.Role}",
                scope.Environments is null ? null : $"environments {string.Join(", ", scope.Environments)}",
                scope.Services is null ? null : $"services {string.Join(", ", scope.Services)}",
            }.OfType<string>());

    private static string State(ApiTokenInfo token) =>
        token.RevokedAt is { } revoked ? $"revoked {RelativeTime.Absolute(revoked)}"
        : token.ExpiresAt <= DateTimeOffset.UtcNow ? $"expired {RelativeTime.Absolute(token.ExpiresAt)}"
        : RelativeTime.Absolute(token.ExpiresAt);

    private async Task CreateAsync()
    {
        // One click, one token: a double click lands here while the first is still busy.
        if (_busy)
        {
            return;
        }
        _busy = true;
        _error = null;
        try
        {
            var scope = ApiTokenScope.Parse(_role, Patterns(_environments), Patterns(_services));
            _created = await Tokens.CreateAsync(Actor.User, _name, TimeSpan.FromDays(Math.Clamp(_days, 1, 366)), scope);
            _name = null;
            _role = null;
            _environments = null;
            _services = null;
            _tokens = await Tokens.ListAsync(Actor.User);
        }
        catch (ApiTokenException error)
        {
            _error = error.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(ApiTokenInfo token)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Revoke API token", $"Revoke '{token.Name}' ({token.Id})? Every pipeline using it is refused from now on.", yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true || _busy)
        {
            return;
        }
        _busy = true;
        try
        {
            await Tokens.RevokeAsync(Actor.User, token.Id);
            _tokens = await Tokens.ListAsync(Actor.User);
            Snackbar.Add($"Revoked '{token.Name}'.", Severity.Success);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyAsync()
    {
        if (_created is not null)
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", _created.Value);
            Snackbar.Add("Copied.", Severity.Info);
        }
    }
}
