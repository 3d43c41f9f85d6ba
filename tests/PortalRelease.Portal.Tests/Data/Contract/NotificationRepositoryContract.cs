using System.Collections.Concurrent;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Notifications;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>
/// The notification outbox (<see cref="NotificationRepository"/>): queued once, the cursor only forward, deliveries
/// claimed one at a time per receiver under a fencing epoch, and what a notification says about its release.
/// </summary>
public abstract class NotificationRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private NotificationRepository Notifications => new(Database);

    [Fact]
    public async Task Queue_EnqueuedTwiceFromAnOlderCursor_QueuesOnceMovesTheCursorForwardAndFailsTheUnconfigured()
    {
        await CreateReleaseAsync("A1");
        await CreateReleaseAsync("A2");
        DeliveryDraft[] drafts =
        [
            new("hook-a", "A1", 1, "ReleaseCreated", "{}"), new("hook-a", "A1", Beyond32Bits, "StateChanged", "{\"ünï\":\"✓\"}"), new("hook-b", "A2", 1, "ReleaseCreated", "{}"),
        ];

        Assert.Equal(0, await Notifications.ReadCursorAsync(CancellationToken.None));
        Assert.Equal(3, await Notifications.EnqueueAsync(drafts, Beyond32Bits, PreciseLocalTime, CancellationToken.None));
        Assert.Equal(0, await Notifications.EnqueueAsync(drafts, 5, PreciseLocalTime, CancellationToken.None));
        Assert.Equal(Beyond32Bits, await Notifications.ReadCursorAsync(CancellationToken.None));

        var (next, epoch) = (await Notifications.ClaimNextAsync("hook-a", "node-a", TimeSpan.FromMinutes(1), soleNode: true, CancellationToken.None))!;
        Assert.Equal(("A1", 1L), (next.ReleaseId, next.Seq));
        Assert.Equal(1, await Notifications.RecordAttemptAsync(next.Id, epoch, PreciseLocalTime, 500, "boom", 12));
        Assert.Equal(2, await Notifications.RecordAttemptAsync(next.Id, epoch, PreciseLocalTime.AddSeconds(1), 200, null, Beyond32Bits));
        Assert.True(await Notifications.CompleteAsync(next.Id, epoch, DeliveryStatus.Delivered, PreciseLocalTime.AddSeconds(2), null));
        Assert.Equal(1, await Notifications.FailUnconfiguredAsync(["hook-a"], PreciseLocalTime, CancellationToken.None));
        Assert.Equal(0, await Notifications.FailUnconfiguredAsync(["hook-a"], PreciseLocalTime, CancellationToken.None));
        // No webhook configured at all: every delivery still pending fails.
        Assert.Equal(1, await Notifications.FailUnconfiguredAsync([], PreciseLocalTime, CancellationToken.None));

        var a1 = await Notifications.ListForReleaseAsync("A1", CancellationToken.None);
        Assert.Equal([(DeliveryStatus.Delivered, 2, 200, 1L), (DeliveryStatus.Failed, 0, (int?)null, Beyond32Bits)], a1.Select(d => (d.Status, d.Attempts, d.LastStatus, d.Seq)));
        Assert.Equal("{\"ünï\":\"✓\"}", a1[1].Body);
        Assert.Equal((PreciseLocalTime, TimeSpan.Zero), (a1[0].CreatedAt, a1[0].CreatedAt.Offset));
        Assert.Equal(PreciseLocalTime.AddSeconds(2), a1[0].CompletedAt);
        var attempts = await Notifications.ListAttemptsForReleaseAsync("A1", CancellationToken.None);
        Assert.Equal([(1, (int?)500, "boom", 12L), (2, 200, null, Beyond32Bits)], attempts.Select(a => (a.Attempt, a.Status, a.Error, a.DurationMs)));
        var b = Assert.Single(await Notifications.ListForReleaseAsync("A2", CancellationToken.None));
        Assert.Equal(DeliveryStatus.Failed, b.Status);
        Assert.Contains("hook-b is no longer configured", b.LastError);
    }

    [Fact]
    public async Task ReleaseContext_AnEventOfARelease_TheCreationAndTheStateBeforeIt()
    {
        await CreateReleaseAsync("A1", null,
            new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), new StateChanged(Lifecycle.Validated, Lifecycle.Promoted, null), new EngineWarning("after"));

        var (created, state) = await Notifications.ReleaseContextAsync("A1", 99, CancellationToken.None);
        Assert.Equal(("1.0.0", "Promoted"), (created!.Version, state));
        Assert.Equal("Validated", (await Notifications.ReleaseContextAsync("A1", 3, CancellationToken.None)).State);
        Assert.Null((await Notifications.ReleaseContextAsync("A1", 2, CancellationToken.None)).State);
        Assert.Equal((null, null), await Notifications.ReleaseContextAsync("ghost", 1, CancellationToken.None));
    }

    [Fact]
    public async Task DeliveryClaim_RunOutAndTakenOver_FencesTheFormerHolderOut()
    {
        await CreateReleaseAsync("A1");
        var now = PreciseLocalTime;
        await Notifications.EnqueueAsync([new("hook-a", "A1", 1, "ReleaseCreated", "{}"), new("hook-a", "A1", 2, "StateChanged", "{}")], 10, now, CancellationToken.None);

        var a = await Notifications.ClaimNextAsync("hook-a", "node-a", TimeSpan.FromMilliseconds(300), soleNode: false, CancellationToken.None);
        Assert.Equal(1L, a!.Delivery.Seq);
        // Held: the head of the webhook's queue is node A's, and its second delivery waits behind it (order per receiver).
        Assert.Null(await Notifications.ClaimNextAsync("hook-a", "node-b", TimeSpan.FromMinutes(1), soleNode: false, CancellationToken.None));
        Assert.Equal(1, await Notifications.RecordAttemptAsync(a.Delivery.Id, a.Epoch, now, 503, "busy", 5));

        // Node A stops answering: once its claim ran out, node B takes the same delivery (same id) under a new epoch.
        var b = await Poll.UntilAsync(
            () => Notifications.ClaimNextAsync("hook-a", "node-b", TimeSpan.FromMinutes(1), soleNode: false, CancellationToken.None),
            "node A's claim to run out and node B to take the delivery over", TimeSpan.FromSeconds(10));
        Assert.Equal((a.Delivery.Id, a.Epoch + 1, 1), (b.Delivery.Id, b.Epoch, b.Delivery.Attempts));

        // Node A resumes: its attempt, renewal and completion are refused and change nothing.
        Assert.Null(await Notifications.RecordAttemptAsync(a.Delivery.Id, a.Epoch, now, 200, null, 4));
        Assert.False(await Notifications.RenewClaimAsync(a.Delivery.Id, a.Epoch, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await Notifications.CompleteAsync(a.Delivery.Id, a.Epoch, DeliveryStatus.Delivered, now, null));
        Assert.Equal(DeliveryStatus.Pending, (await Notifications.ListForReleaseAsync("A1", CancellationToken.None))[0].Status);

        Assert.True(await Notifications.RenewClaimAsync(b.Delivery.Id, b.Epoch, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(2, await Notifications.RecordAttemptAsync(b.Delivery.Id, b.Epoch, now, 200, null, 4));
        Assert.True(await Notifications.CompleteAsync(b.Delivery.Id, b.Epoch, DeliveryStatus.Delivered, now, null));
        var first = (await Notifications.ListForReleaseAsync("A1", CancellationToken.None))[0];
        Assert.Equal((DeliveryStatus.Delivered, 2), (first.Status, first.Attempts));

        // The next delivery is free for whichever node looks first; handed back, it is free again at once.
        var second = await Notifications.ClaimNextAsync("hook-a", "node-a", TimeSpan.FromMinutes(1), soleNode: false, CancellationToken.None);
        Assert.Equal(2L, second!.Delivery.Seq);
        await Notifications.ReleaseClaimAsync(second.Delivery.Id, second.Epoch);
        Assert.Equal(second.Epoch + 1, (await Notifications.ClaimNextAsync("hook-a", "node-b", TimeSpan.FromMinutes(1), soleNode: false, CancellationToken.None))!.Epoch);
    }

    [Fact]
    public async Task DeliveryClaims_EightNodesClaimingAtOnce_EachDeliveryIsClaimedByOneInOrder()
    {
        await CreateReleaseAsync("A1");
        var drafts = Enumerable.Range(1, 40).Select(i => new DeliveryDraft("hook-a", "A1", i, "StateChanged", "{}")).ToList();
        await Notifications.EnqueueAsync(drafts, 10, PreciseLocalTime, CancellationToken.None);

        // SKIP LOCKED lets a loser come away empty at once rather than wait (SQLite's one writer serialises them), and
        // the head rule keeps one receiver's deliveries in order.
        var claimed = new ConcurrentQueue<long>();
        var workers = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (claimed.Count < drafts.Count && DateTime.UtcNow < deadline)
            {
                if (await Notifications.ClaimNextAsync("hook-a", $"node-{n}", TimeSpan.FromMinutes(1), soleNode: false, CancellationToken.None) is { } mine)
                {
                    claimed.Enqueue(mine.Delivery.Seq);
                    Assert.Equal(1, await Notifications.RecordAttemptAsync(mine.Delivery.Id, mine.Epoch, PreciseLocalTime, 200, null, 1));
                    Assert.True(await Notifications.CompleteAsync(mine.Delivery.Id, mine.Epoch, DeliveryStatus.Delivered, PreciseLocalTime, null));
                }
            }
        })).ToList();
        await Task.WhenAll(workers);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), claimed);
        Assert.All(await Notifications.ListForReleaseAsync("A1", CancellationToken.None), d => Assert.Equal((DeliveryStatus.Delivered, 1), (d.Status, d.Attempts)));
    }
}

public sealed class SqliteNotificationRepositoryContract() : NotificationRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresNotificationRepositoryContract(PostgresServer server) : NotificationRepositoryContract(server);
