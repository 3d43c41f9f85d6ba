using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// What the current user may do to this release, asked of <see cref="ReleaseService"/> (the rule the commands apply)
/// whenever the release or the user changes, so a button is disabled exactly when the service would refuse it.
/// </summary>
public sealed partial class ReleasePage
{
    private ReleasePermissions? _permissions;

    protected override void OnInitialized() => Actor.Changed += OnActorChanged;

    private void OnActorChanged() => _ = InvokeAsync(async () =>
    {
        await RefreshPermissionsAsync();
        StateHasChanged();
    });

    private async Task RefreshPermissionsAsync() =>
        _permissions = _live is { } live ? await Releases.PermittedCommandsAsync(Auditor.Current, live.Record, live.View) : null;

    /// <summary>Unknown permissions offer nothing: a click the service refuses is worse than a moment's wait.</summary>
    private bool MayRun(ReleaseCommand command) => _permissions?.Commands[command].Allowed == true;

    /// <summary>
    /// Why the commands the release's state offers are refused to this user, in a sentence under the buttons (readable
    /// without hovering); null when nothing the state offers is refused.
    /// </summary>
    private string? CommandRefusal(ReleaseLive live)
    {
        if (_permissions is null)
        {
            return null;
        }
        var refused = ReleaseStateMachine.Available(live.View).Where(c => !_permissions.Commands[c].Allowed).ToList();
        return refused.Count == 0
            ? null
            : string.Join(" ", refused.GroupBy(c => _permissions.Commands[c].Reason).Select(g => $"{string.Join(", ", g.Select(c => CommandLabel(c).ToLowerInvariant()))}: {g.Key}"));
    }
}
