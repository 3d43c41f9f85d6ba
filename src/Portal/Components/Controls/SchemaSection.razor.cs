using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Controls;

public partial class SchemaSection
{
    [Parameter, EditorRequired]
    public required SchemaFormSection Section { get; set; }

    [Parameter]
    public bool Disabled { get; set; }
}
