using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>The recent releases, refreshed when any release's journal moves (at most twice a second).</summary>
public sealed partial class Home : IAsyncDisposable
{
    private const int Limit = 100;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<ReleaseSummary>? _releases;
    private DateTimeOffset _now;
    private Task? _follow;

    [Inject]
    public required ReleaseService Releases { get; init; }

    [Inject]
    public required Api.RequestAuditActor Auditor { get; init; }

    [Inject]
    public required ReleaseEventStream Stream { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        // Subscribe before loading, so nothing committed in between is missed.
        var subscription = RendererInfo.IsInteractive ? Stream.Subscribe() : null;
        await LoadAsync();
        if (subscription is not null)
        {
            _follow = FollowAsync(subscription, _stop.Token);
        }
    }

    private async Task LoadAsync()
    {
        _releases = await Releases.ListForAsync(Auditor.Current, Limit, _stop.Token);
        _now = Time.GetUtcNow();
    }

    private async Task FollowAsync(ReleaseEventStream.Subscription subscription, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                await foreach (var _ in EventBatches.ReadAsync(subscription.Reader, RefreshInterval, cancellationToken))
                {
                    await LoadAsync();
                    await InvokeAsync(StateHasChanged);
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

    private static string CanaryText(ReleaseView view) => view.State == Lifecycle.Promoted ? "100% (promoted)" : $"{view.CanaryWeight}%";

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
