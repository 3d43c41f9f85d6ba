using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>A release's lifecycle state, with its sub-state (paused, queued behind another release, rolling back, aborting) beside it.</summary>
public partial class StateChip
{
    [Parameter, EditorRequired]
    public required ReleaseView View { get; set; }

    [Parameter]
    public Size Size { get; set; } = Size.Small;
}
