using System.Text.Json;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// One generated input. Numbers use a text input so a wrong entry stays visible with its message instead of being
/// silently dropped by a numeric input.
/// </summary>
public partial class SchemaFieldInput
{
    [Parameter, EditorRequired]
    public required SchemaFormField Field { get; set; }

    [Parameter]
    public bool Disabled { get; set; }

    private string? Placeholder => Field.Node.Default is { } d && d.ValueKind != JsonValueKind.Object ? (d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText()) : null;

    private void SetText(string? value)
    {
        Field.Text = value;
        Field.Error = null;
        if (!string.IsNullOrEmpty(value))
        {
            Field.ClearSecret = false;
        }
    }

    private void SetFlag(bool value) => Field.Flag = value;

    private void SetClear(bool value)
    {
        Field.ClearSecret = value;
        Field.Error = null;
    }
}
