using Microsoft.AspNetCore.Components;

namespace PortalRelease.Portal.Components.Controls;

public partial class WizardSteps
{
    [Parameter, EditorRequired]
    public required IReadOnlyList<string> Titles { get; set; }

    [Parameter]
    public int Active { get; set; }

    /// <summary>Raised when a finished step is clicked, to go back to it.</summary>
    [Parameter]
    public EventCallback<int> OnSelect { get; set; }
}
