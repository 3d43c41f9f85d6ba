using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Ownership;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>The service a template ships and its owning team, read-only: the catalog decides, the template cannot.</summary>
public partial class OwnerLine
{
    [Parameter]
    public TemplateOwner? Owner { get; set; }

    /// <summary>Also say what the owner means for a release started now (the wizard's preview).</summary>
    [Parameter]
    public bool Detailed { get; set; }
}
