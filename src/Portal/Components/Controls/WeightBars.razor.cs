using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// Each target's traffic on the new version, in the words of its strategy: a canary's share, the colour that takes
/// the traffic in blue-green, the share of instances a rolling update replaced (see <see cref="TrafficShares"/>).
/// </summary>
public partial class WeightBars
{
    [Parameter, EditorRequired]
    public required ReleaseLive Live { get; set; }

    private Color BarColor => Live.View.State switch
    {
        Lifecycle.Promoted => Color.Success,
        Lifecycle.Failed or Lifecycle.RolledBack or Lifecycle.Aborted => Color.Warning,
        _ => Color.Primary,
    };
}
