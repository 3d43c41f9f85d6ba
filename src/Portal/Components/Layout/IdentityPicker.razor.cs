using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Identity;

namespace PortalRelease.Portal.Components.Layout;

/// <summary>
/// Who acts in this browser tab: the signed-in user with their groups and a way to sign out; in
/// <c>Portal:Auth:Mode: Development</c> the development identity, and where the operator allows it a picker that switches
/// between the users named in Portal:Access:Groups.
/// </summary>
public partial class IdentityPicker
{
    [Inject]
    public required CurrentActor Actor { get; init; }

    [Inject]
    public required Identity.Access.AccessControl Access { get; init; }

    [Inject]
    public required IOptions<PortalOptions> Options { get; init; }

    private IEnumerable<string> Users =>
        Access.SettingsUsers.Prepend(Options.Value.Engine.DevelopmentIdentity).Append(Actor.Id).Distinct(StringComparer.Ordinal);

    private string Groups => Actor.User.Groups.Count == 0 ? "no groups" : string.Join(", ", Actor.User.Groups);

    private bool HasLocalPassword => Actor.User.Method == Identity.Local.LocalAccountService.Method;

    private void Switch(string user) => Actor.Switch(user);
}
