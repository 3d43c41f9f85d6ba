using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// One release, live: a snapshot from the journal, then its change feed applied in batches (at most ~10 renders a
/// second), so the page follows the release from Deploying to Promoted or RolledBack without reloading.
/// </summary>
public sealed partial class ReleasePage : IAsyncDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(100);

    private ReleaseLive? _live;
    private bool _notFound;

    // Why the signed-in user may not view this release, when that is why it is not shown.
    private string? _forbidden;
    private CancellationTokenSource? _stop;
    private Task? _follow;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required ReleaseService Releases { get; init; }

    [Inject]
    public required ReleaseFeed Feed { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (_live?.Record.Id == Id)
        {
            return;
        }
        await StopFollowingAsync();
        ReleaseDetails? details;
        try
        {
            details = await Releases.GetForAsync(Id, Auditor.Current);
            _forbidden = null;
        }
        catch (Identity.Access.AccessDeniedException denied)
        {
            details = null;
            _forbidden = denied.Message;
        }
        _notFound = details is null;
        _live = details is null ? null : new ReleaseLive(details);
        await RefreshPermissionsAsync();
        if (_live is not null && RendererInfo.IsInteractive)
        {
            _stop = new CancellationTokenSource();
            _follow = FollowAsync(_live, _stop.Token);
        }
    }

    private async Task FollowAsync(ReleaseLive live, CancellationToken cancellationToken)
    {
        try
        {
            var feed = Feed.ReadAsync(live.Record.Id, live.View.LastSeq, cancellationToken);
            await foreach (var batch in EventBatches.ReadAsync(feed, RenderInterval, cancellationToken))
            {
                // Applied on the renderer's context: the view is never changed while it is being rendered.
                await InvokeAsync(async () =>
                {
                    live.Apply(batch);
                    // A new state can open a gate or a command; the grants checked are cached, so this reads no storage.
                    await RefreshPermissionsAsync();
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

    private async Task StopFollowingAsync()
    {
        if (_stop is null)
        {
            return;
        }
        await _stop.CancelAsync();
        if (_follow is not null)
        {
            await _follow;
        }
        _stop.Dispose();
        _stop = null;
        _follow = null;
    }

    public async ValueTask DisposeAsync()
    {
        Actor.Changed -= OnActorChanged;
        await StopFollowingAsync();
    }
}
