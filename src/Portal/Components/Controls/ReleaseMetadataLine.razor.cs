using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>The delivery metadata of a release (team, service, commit and build times, what it fixes) under its title.</summary>
public partial class ReleaseMetadataLine
{
    [Parameter]
    public ReleaseMetadata? Metadata { get; set; }
}
