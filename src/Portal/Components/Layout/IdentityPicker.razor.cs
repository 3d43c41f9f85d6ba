using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Gates;

namespace PortalRelease.Portal.Components.Layout;

/// <summary>
/// Who acts in this browser tab. Until sign-in exists it is the development identity; where the operator allows
/// it (development only) a picker switches between the users named in Portal:Roles.
/// </summary>
public partial class IdentityPicker
{
    [Inject]
    public required CurrentActor Actor { get; init; }

    [Inject]
    public required GateConfig Gates { get; init; }

    [Inject]
    public required IOptions<PortalOptions> Options { get; init; }

    private IEnumerable<string> Users =>
        Gates.Users.Prepend(Options.Value.Engine.DevelopmentIdentity).Append(Actor.Name).Distinct(StringComparer.Ordinal);

    private void Switch(string user) => Actor.Switch(user);
}
