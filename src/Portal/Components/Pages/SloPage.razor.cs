using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Slos;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// SLOs of every service (objective, SLI, burn rates, budget left, state), or of one service with its history
/// against the objective and the releases that moved it. Measured again on a timer: the figures come from metric
/// sources, not from the journal, so there is no event to wait for.
/// </summary>
public sealed partial class SloPage : IAsyncDisposable
{
    private readonly LineChartOptions _sliOptions = new() { YAxisFormat = "0.##", MaxNumYAxisTicks = 6, LineStrokeWidth = 2 };
    private readonly LineChartOptions _burnOptions = new() { YAxisFormat = "0.#", MaxNumYAxisTicks = 6, YAxisRequireZeroPoint = true, LineStrokeWidth = 2 };
    private readonly LineChartOptions _budgetOptions = new() { YAxisFormat = "0", MaxNumYAxisTicks = 6, LineStrokeWidth = 2 };
    private readonly CancellationTokenSource _stopping = new();

    private IReadOnlyList<ServiceSloReport>? _services;
    private ServiceSloDetail? _detail;
    private List<SloCharts> _charts = [];
    private DateTimeOffset? _updated;
    private string? _error;
    private Task? _refreshing;

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);

    [Inject]
    public required SloService Slos { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Parameter]
    public string? Service { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        await MeasureAsync();
        _refreshing ??= RefreshAsync();
    }

    private async Task MeasureAsync()
    {
        try
        {
            _error = null;
            if (Service is null)
            {
                _detail = null;
                _charts = [];
                _services = await Slos.ListAsync(_stopping.Token);
            }
            else if (await Slos.GetAsync(Service, _stopping.Token) is { } detail)
            {
                _detail = detail;
                _services = [detail.Service];
                _charts = detail.Service.Slos
                    .Select(s => new SloCharts(s, detail.History.First(h => h.Name == s.Name), detail.Deployments))
                    .ToList();
            }
            else
            {
                (_detail, _services, _charts) = (null, null, []);
                _error = $"No template declares SLOs for service '{Service}'.";
            }
            // The figures' own time: they may come from the SLO cache (Portal:Slos:CacheFor).
            _updated = _services?.Select(s => s.MeasuredAt).Where(m => m is not null).Min() ?? Time.GetUtcNow();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await InvokeAsync(async () =>
                {
                    await MeasureAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            await DispatchExceptionAsync(error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_refreshing is not null)
        {
            await _refreshing;
        }
        _stopping.Dispose();
    }
}
