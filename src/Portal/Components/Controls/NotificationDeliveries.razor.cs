using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Notifications;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// The release's webhook deliveries and how they went. Reloads when the release's journal moves (a new event may
/// be queued) and, while a delivery is pending, every few seconds: deliveries change outside the journal.
/// </summary>
public sealed partial class NotificationDeliveries : IDisposable
{
    private static readonly TimeSpan PendingRefresh = TimeSpan.FromSeconds(2);

    private IReadOnlyList<NotificationDelivery> _deliveries = [];
    private long _loadedSeq = -1;
    private PeriodicTimer? _timer;
    private readonly CancellationTokenSource _disposed = new();

    [Inject]
    public required NotificationRepository Repository { get; init; }

    [Inject]
    public required WebhookRegistry Webhooks { get; init; }

    [Parameter, EditorRequired]
    public required string ReleaseId { get; set; }

    /// <summary>The release's last journal sequence number: a change is a reason to look again.</summary>
    [Parameter]
    public long LastSeq { get; set; }

    private bool HasWebhooks => Webhooks.Webhooks.Count > 0;

    protected override async Task OnParametersSetAsync()
    {
        if (LastSeq != _loadedSeq)
        {
            _loadedSeq = LastSeq;
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        _deliveries = await Repository.ListForReleaseAsync(ReleaseId, _disposed.Token);
        if (_timer is null && _deliveries.Any(d => d.Status == DeliveryStatus.Pending))
        {
            _timer = new PeriodicTimer(PendingRefresh);
            _ = RefreshWhilePendingAsync(_timer);
        }
    }

    private async Task RefreshWhilePendingAsync(PeriodicTimer timer)
    {
        // Taken once: the source is disposed with the component, and reading its token then would throw.
        var stopping = _disposed.Token;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                _deliveries = await Repository.ListForReleaseAsync(ReleaseId, stopping);
                await InvokeAsync(StateHasChanged);
                if (_deliveries.All(d => d.Status != DeliveryStatus.Pending))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception error)
        {
            await DispatchExceptionAsync(error);
        }
        finally
        {
            timer.Dispose();
            if (ReferenceEquals(_timer, timer))
            {
                _timer = null;
            }
        }
    }

    private static Color StatusColor(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => Color.Success,
        DeliveryStatus.Failed => Color.Error,
        _ => Color.Warning,
    };

    private static string StatusIcon(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => Icons.Material.Filled.CheckCircle,
        DeliveryStatus.Failed => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.Schedule,
    };

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    private static string When(NotificationDelivery d) => RelativeTime.Absolute(d.CompletedAt ?? d.LastAttemptAt ?? d.CreatedAt);

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
