using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// Turns committed journal events into queued deliveries, one per interested webhook. The journal is the outbox: each
/// event is written in the transaction that makes the change it tells of, and this dispatcher's cursor
/// (<c>notification_cursor</c>, moved in the transaction that queues the deliveries) says how far it has been turned
/// into deliveries; duplicates are ignored by the delivery's key. At start it reads the journal after the cursor, so an
/// event committed while the portal was stopping is still queued. On one node it then reads the one event stream; in a
/// cluster one elected node dispatches for all, reading the journal after the cursor whenever the stream (every node's
/// events) says something was written, and every <see cref="ClusterOptions.PollInterval"/> regardless: journal row ids
/// are handed out in commit order, so the cursor never passes an event not yet queued, whichever node wrote it or dies.
/// The engine never waits for any of this: the stream is an unbounded channel read here.
/// </summary>
public sealed class NotificationDispatcher(
    ReleaseEventStream stream,
    NotificationRepository repository,
    JournalRepository journal,
    WebhookRegistry registry,
    NotificationSender sender,
    ClusterSingleton singleton,
    ReleaseOwnership ownership,
    IOptions<ClusterOptions> cluster,
    BackgroundServiceHealth health,
    TimeProvider time,
    ILogger<NotificationDispatcher> logger) : SupervisedBackgroundService(health, time, logger)
{
    private const int CatchUpBatch = 500;

    private static readonly HashSet<string> Relevant = new(NotificationEvent.JournalTypes, StringComparer.Ordinal);

    public override string ServiceName => "notification-dispatcher";

    protected override Task RunAsync(CancellationToken stoppingToken) => singleton.RunAsync(ServiceName, DispatchAsync, Standby, Elected, stoppingToken);

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Subscribed before catching up, so nothing committed in between is missed.
            using var subscription = stream.Subscribe(localOnly: !ownership.Clustered);
            var orphaned = await repository.FailUnconfiguredAsync(registry.Webhooks.Select(w => w.Name).ToList(), Time.GetUtcNow(), stoppingToken);
            if (orphaned > 0)
            {
                logger.LogWarning("{Count} pending notification deliveries belong to webhooks no longer configured; marked Failed", orphaned);
            }
            await CatchUpAsync(stoppingToken);
            Running();
            if (ownership.Clustered)
            {
                await FollowJournalAsync(subscription.Reader, stoppingToken);
            }
            else
            {
                await FollowAsync(subscription.Reader, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Queues every notifiable event after the cursor, in journal order.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var cursor = await repository.ReadCursorAsync(cancellationToken);
        while (true)
        {
            var events = await journal.ReadAfterAsync(cursor, NotificationEvent.JournalTypes, CatchUpBatch, cancellationToken);
            if (events.Count == 0)
            {
                return;
            }
            cursor = events[^1].RowId;
            await EnqueueAsync(events.Select(e => e.Event).ToList(), cursor, cancellationToken);
        }
    }

    /// <summary>
    /// In a cluster the stream only says when to look: its events arrive from several nodes in no common order, so the
    /// deliveries are read from the journal after the cursor, which is in commit order.
    /// </summary>
    private async Task FollowJournalAsync(ChannelReader<JournalEvent> reader, CancellationToken cancellationToken)
    {
        var poll = cluster.Value.PollInterval;
        while (true)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                wait.CancelAfter(poll);
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
            while (reader.TryRead(out _))
            {
            }
            await CatchUpAsync(cancellationToken);
        }
    }

    private async Task FollowAsync(ChannelReader<JournalEvent> reader, CancellationToken cancellationToken)
    {
        var batch = new List<JournalEvent>();
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            while (reader.TryRead(out var journalEvent))
            {
                if (Relevant.Contains(journalEvent.Type))
                {
                    batch.Add(journalEvent);
                }
            }
            if (batch.Count == 0)
            {
                continue;
            }
            try
            {
                // The stream is in commit order, so the batch's last event is its furthest journal row.
                var cursor = await journal.RowIdAsync(batch[^1].ReleaseId, batch[^1].Seq, cancellationToken);
                await EnqueueAsync(batch, cursor, cancellationToken);
            }
            catch (Exception error) when (error is DbException or InvalidOperationException or System.Text.Json.JsonException)
            {
                logger.LogWarning(error, "Queueing notifications for {Count} journal events failed; catching up from the journal", batch.Count);
                await CatchUpAsync(cancellationToken);
            }
        }
    }

    private async Task EnqueueAsync(IReadOnlyList<JournalEvent> events, long cursor, CancellationToken cancellationToken)
    {
        var drafts = new List<DeliveryDraft>();
        var now = Time.GetUtcNow();
        foreach (var journalEvent in events)
        {
            var classified = NotificationEvent.Classify(journalEvent);
            if (classified is not { } c || journalEvent.Actor == DemoHistory.Actor)
            {
                continue;
            }
            var webhooks = registry.Webhooks.Where(w => w.Wants(c.Name)).ToList();
            if (webhooks.Count == 0)
            {
                continue;
            }
            if (now - journalEvent.At > registry.Options.MaxEventAge)
            {
                logger.LogInformation("Not notifying {Event} of release {ReleaseId} (#{Seq}): it happened at {At}, longer ago than MaxEventAge",
                    c.Name, journalEvent.ReleaseId, journalEvent.Seq, journalEvent.At);
                continue;
            }
            var (created, state) = await repository.ReleaseContextAsync(journalEvent.ReleaseId, journalEvent.Seq, cancellationToken);
            var notification = new NotificationEvent(
                c.Name,
                journalEvent.ReleaseId,
                journalEvent.Seq,
                journalEvent.At,
                c.From ?? state,
                c.To ?? state,
                c.Reason,
                journalEvent.Actor,
                created?.Version ?? "",
                created?.Metadata?.Service ?? created?.Template ?? "",
                created?.Template ?? "",
                NotificationEvent.ReleasePage(registry.Options.PortalUrl, journalEvent.ReleaseId),
                journalEvent.ActorName);
            drafts.AddRange(webhooks.Select(w => new DeliveryDraft(w.Name, journalEvent.ReleaseId, journalEvent.Seq, c.Name, NotificationBodies.Build(w.Format, notification))));
        }
        var added = await repository.EnqueueAsync(drafts, cursor, now, cancellationToken);
        if (added > 0)
        {
            foreach (var name in drafts.Select(d => d.Webhook).Distinct(StringComparer.Ordinal))
            {
                sender.Wake(name);
            }
        }
    }
}
