using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Slos;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>The delivery dashboard's error-budget section: each service's lowest budget remaining and whether it is frozen.</summary>
public partial class ErrorBudgetSummary
{
    private IReadOnlyList<ServiceSloReport>? _services;

    [Inject]
    public required SloService Slos { get; init; }

    /// <summary>Only this service, when the dashboard is filtered to one.</summary>
    [Parameter]
    public string? Service { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var all = await Slos.ListAsync(CancellationToken.None);
        _services = Service is { Length: > 0 } only ? all.Where(s => s.Service == only).ToList() : all;
    }
}
