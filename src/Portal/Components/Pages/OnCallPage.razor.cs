using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.OnCall;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// The on-call view: in-flight releases with their health, the last day's rollbacks and alerts. Reloads the snapshot
/// only when the event stream says a journal moved (telemetry samples aside), at most twice a second, however many
/// events arrive.
/// </summary>
public sealed partial class OnCallPage : IAsyncDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();
    private OnCallSnapshot? _snapshot;
    private Task? _follow;

    [Inject]
    public required OnCallService OnCallService { get; init; }

    [Inject]
    public required ReleaseEventStream Stream { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // Subscribe before loading, so nothing committed in between is missed.
        var subscription = RendererInfo.IsInteractive ? Stream.Subscribe() : null;
        _snapshot = await OnCallService.GetAsync(_stop.Token);
        if (subscription is not null)
        {
            _follow = FollowAsync(subscription, _stop.Token);
        }
    }

    private async Task FollowAsync(ReleaseEventStream.Subscription subscription, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                await foreach (var batch in EventBatches.ReadAsync(subscription.Reader, RefreshInterval, cancellationToken))
                {
                    // Telemetry samples change nothing shown here (measurements do): a sampling release costs no reload.
                    if (batch.All(e => e.Type == nameof(MetricsSampled)))
                    {
                        continue;
                    }
                    var snapshot = await OnCallService.GetAsync(cancellationToken);
                    await InvokeAsync(() =>
                    {
                        _snapshot = snapshot;
                        StateHasChanged();
                    });
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
    }

    private static Color HealthColor(string health) => health switch
    {
        OnCallHealth.Red => Color.Error,
        OnCallHealth.Amber => Color.Warning,
        _ => Color.Success,
    };

    private static string HealthIcon(string health) => health switch
    {
        OnCallHealth.Red => Icons.Material.Filled.Error,
        OnCallHealth.Amber => Icons.Material.Filled.Warning,
        _ => Icons.Material.Filled.CheckCircle,
    };

    private static Color OutcomeColor(string outcome) => outcome switch
    {
        "Passed" => Color.Success,
        "Failed" => Color.Error,
        _ => Color.Warning,
    };

    private static string OutcomeIcon(string outcome) => outcome switch
    {
        "Passed" => Icons.Material.Filled.CheckCircle,
        "Failed" => Icons.Material.Filled.Cancel,
        _ => Icons.Material.Filled.Help,
    };

    private static string MeasurementText(LatestMeasurement m)
    {
        var value = m.Value is { } v ? TimelineText.Number(v) : "no value";
        var bound = (m.Max, m.Min) switch
        {
            ({ } max, { } min) => $" (bounds {TimelineText.Number(min)}–{TimelineText.Number(max)})",
            ({ } max, null) => $" (max {TimelineText.Number(max)})",
            (null, { } min) => $" (min {TimelineText.Number(min)})",
            _ => "",
        };
        var baseline = m.Baseline is { } b ? $", baseline {TimelineText.Number(b)}" : "";
        return $"{value}{bound}{baseline} — {m.Outcome}";
    }

    private static string Duration(double? seconds) => seconds switch
    {
        null => "–",
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
    };

    private static string ActionText(string action) => action switch
    {
        "pause" => "paused",
        "rollback" => "rolled back",
        "resolved" => "alert resolved",
        _ => "no action",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_follow is not null)
        {
            await _follow;
        }
        _stop.Dispose();
    }
}
