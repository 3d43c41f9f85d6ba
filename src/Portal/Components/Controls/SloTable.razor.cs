using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Slos;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>Every SLO of the given services: objective, SLI, burn rates, budget left and state; shared by the SLO page and the delivery dashboard.</summary>
public partial class SloTable
{
    [Parameter, EditorRequired]
    public required IReadOnlyList<ServiceSloReport> Services { get; set; }
}
