using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>The approval queue of the acting user, refreshed when any journal moves or the development identity changes.</summary>
public sealed partial class Approvals : IAsyncDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<PendingApproval>? _pending;
    private DateTimeOffset _now;
    private UiCommand? _command;
    private Task? _follow;

    [Inject]
    public required ReleaseService Releases { get; init; }

    [Inject]
    public required ReleaseEventStream Stream { get; init; }

    [Inject]
    public required CurrentActor Actor { get; init; }

    [Inject]
    public required Identity.Access.AccessControl Access { get; init; }

    /// <summary>The acting user as the services check and audit them.</summary>
    [Inject]
    public required Api.RequestAuditActor Auditor { get; init; }

    [Inject]
    public required GateConfig Gates { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private UiCommand Command => _command ??= new UiCommand(Dialogs, Snackbar);

    private List<string> Roles => Access.GroupsOf(Actor.User).Order(StringComparer.Ordinal).ToList();

    protected override async Task OnInitializedAsync()
    {
        var subscription = RendererInfo.IsInteractive ? Stream.Subscribe() : null;
        Actor.Changed += OnActorChanged;
        await LoadAsync();
        if (subscription is not null)
        {
            _follow = FollowAsync(subscription, _stop.Token);
        }
    }

    private async Task LoadAsync()
    {
        _pending = await Releases.ListApprovalsForAsync(Auditor.Current, _stop.Token);
        _now = Time.GetUtcNow();
    }

    private void OnActorChanged() => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    private async Task FollowAsync(ReleaseEventStream.Subscription subscription, CancellationToken cancellationToken)
    {
        using (subscription)
        {
            try
            {
                await foreach (var batch in EventBatches.ReadAsync(subscription.Reader, RefreshInterval, cancellationToken))
                {
                    // Telemetry samples never change the queue: they only move the clock of the "Waiting" column.
                    if (batch.All(e => e.Type == nameof(MetricsSampled)))
                    {
                        _now = Time.GetUtcNow();
                    }
                    else
                    {
                        await LoadAsync();
                    }
                    if (QueueChanged(_pending))
                    {
                        await InvokeAsync(StateHasChanged);
                    }
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

    private async Task ActAsync(PendingApproval pending, GateActions.Kind kind) => await Command.RunAsync(async () =>
    {
        if (await GateActions.RunAsync(Dialogs, Snackbar, Releases, Auditor.Current, pending.Release.Id, kind) is not null)
        {
            await LoadAsync();
        }
    });

    private static string GateText(PendingApproval pending)
    {
        var request = pending.Approval.Request;
        return $"Stage {request.Stage}: {request.Approvers} approval{(request.Approvers == 1 ? "" : "s")} from {request.Role}";
    }

    private string DeadlineText(PendingApproval pending, DateTimeOffset deadline) =>
        pending.Approval.TimedOut is not null
            ? "timed out; still open"
            : $"{pending.Approval.Request.OnTimeout.ToString().ToLowerInvariant()} in {Span(deadline - _now)}";

    private static string Span(TimeSpan span) =>
        span <= TimeSpan.Zero ? "0s" : PortalRelease.Portal.Templates.Durations.Format(TimeSpan.FromSeconds(Math.Ceiling(span.TotalSeconds)));

    public async ValueTask DisposeAsync()
    {
        Actor.Changed -= OnActorChanged;
        await _stop.CancelAsync();
        if (_follow is not null)
        {
            await _follow;
        }
        _stop.Dispose();
    }
}
