using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Slos;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// The flight recorder's chart for a release whose plan declares <c>slos:</c>: each SLO's SLI across the release with
/// its objective and the deployment markers. While the release runs the SLIs are read again every
/// <see cref="Refresh"/> (settled buckets are not queried twice); once it settled, once more and no longer.
/// </summary>
public sealed partial class SloFlightCharts : IAsyncDisposable
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private SloFlightSampler _sampler = null!;
    private IReadOnlyList<SloFlightSeries>? _series;
    private Task? _loop;

    [Parameter, EditorRequired]
    public required ReleaseLive Live { get; set; }

    [Parameter]
    public long? Highlight { get; set; }

    [Inject]
    public required SloEvaluator Evaluator { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override void OnInitialized()
    {
        _sampler = new SloFlightSampler(Evaluator);
        _loop = ReadLoopAsync(_stopping.Token);
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var settled = Live.View.IsFinal;
                var now = Time.GetUtcNow();
                var start = Live.Flight.Start ?? now;
                var end = settled && Live.Flight.End is { } last ? last : now;
                _series = await _sampler.ReadAsync(Live.Plan, start, end > start ? end : start.AddSeconds(1), now, cancellationToken);
                await InvokeAsync(StateHasChanged);
                if (settled)
                {
                    return;
                }
                await Task.Delay(Refresh, Time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
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
        if (_loop is not null)
        {
            await _loop;
        }
        _stopping.Dispose();
    }
}
