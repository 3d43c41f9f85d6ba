using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>Each target's share of traffic on the new version.</summary>
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

    // Promotion moves every request to the new version as the stable one, so the canary weight drops to 0 there.
    private string Text(int weight) => Live.View.State switch
    {
        Lifecycle.Promoted => "100% (promoted)",
        Lifecycle.RolledBack or Lifecycle.Aborted when weight == 0 => "0% (back on the previous version)",
        _ => $"{weight}% canary",
    };
}
