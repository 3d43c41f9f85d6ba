using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Api;

/// <summary>
/// Who is acting. Until sign-in exists every action is recorded under the configured development identity,
/// which the UI marks as such.
/// </summary>
public sealed class CurrentActor(IOptions<PortalOptions> options)
{
    public string Name => options.Value.Engine.DevelopmentIdentity;
}
