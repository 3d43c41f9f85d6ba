using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Targets;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>Shows, before a release starts, the dry runs of the drivers that have one (<see cref="DryRunPreviews"/>).</summary>
public partial class DryRunPlans
{
    private IReadOnlyList<DryRunPreview> _previews = [];
    private bool _loading;
    private (ReleasePlan, string)? _shown;

    [Inject]
    public required DryRunPreviews Previews { get; init; }

    [Parameter, EditorRequired]
    public required ReleasePlan Plan { get; set; }

    [Parameter, EditorRequired]
    public required string Version { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (_shown is { } shown && ReferenceEquals(shown.Item1, Plan) && shown.Item2 == Version)
        {
            return;
        }
        _shown = (Plan, Version);
        _loading = true;
        try
        {
            _previews = await Previews.ForAsync(Plan, Version, CancellationToken.None);
        }
        finally
        {
            _loading = false;
        }
    }
}
