using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// The release page's "Now:" line: the step running, or, while a gate holds the next step, what it waits for
/// ("waiting for the production window, opens Mon 09:00 UTC") — the last step's name would say it is still busy.
/// </summary>
public partial class CurrentActivity
{
    [Parameter, EditorRequired]
    public required ReleaseView View { get; set; }

    [Inject]
    public required GateConfig Gates { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private string? Text =>
        !ReleaseStateMachine.IsInProgress(View.State) ? null
        : View.WindowWait is { } wait ? GateWaitText.Now(wait, Gates, Time.GetUtcNow())
        : View.CurrentStepDescription;
}
