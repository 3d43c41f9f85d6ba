using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Controls;

public partial class ParameterInput
{
    [Parameter, EditorRequired]
    public required ParameterField Field { get; set; }

    private void SetText(string? value)
    {
        Field.Text = value;
        Field.Error = null;
    }

    private void SetNumber(double? value)
    {
        Field.Number = value;
        Field.Error = null;
    }

    private void SetFlag(bool value) => Field.Flag = value;
}
