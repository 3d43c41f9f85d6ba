using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Controls;

public partial class SchemaForm
{
    [Parameter, EditorRequired]
    public required SchemaFormModel Model { get; set; }

    [Parameter]
    public bool Disabled { get; set; }
}
