using PortalRelease.Portal.Data;
using PortalRelease.Portal.Notifications;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Dashboards;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>The notification queue and the incident lookup read and write alike on SQLite and on Debian's PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ProviderNotificationStoreTests(PostgresServer server) : IAsyncLifetime
{
    private string _database = "";

    public async Task InitializeAsync() => _database = await server.CreateDatabaseAsync();

    public Task DisposeAsync() => server.DropDatabaseAsync(_database);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NotificationQueue_EitherProvider_QueuesOnceMovesTheCursorForwardAndFailsTheUnconfigured(bool postgres)
    {
        await using var services = await DashboardServices.StartAsync(postgres: postgres ? server.PortalSettings(_database) : null);
        var notifications = services.Get<NotificationRepository>();
        var now = ConstructedHistory.Now;
        DeliveryDraft[] drafts =
        [
            new("hook-a", "A1", 1, "ReleaseCreated", "{}"), new("hook-a", "A1", 2, "StateChanged", "{}"), new("hook-b", "A2", 1, "ReleaseCreated", "{}"),
        ];

        Assert.Equal(3, await notifications.EnqueueAsync(drafts, 10, now, CancellationToken.None));
        // Again, from an older cursor: nothing is queued twice and the cursor does not move back.
        Assert.Equal(0, await notifications.EnqueueAsync(drafts, 5, now, CancellationToken.None));
        Assert.Equal(10, await notifications.ReadCursorAsync(CancellationToken.None));

        var (next, epoch) = (await notifications.ClaimNextAsync("hook-a", "node-a", TimeSpan.FromMinutes(1), soleNode: true, CancellationToken.None))!;
        Assert.Equal(("A1", 1L), (next.ReleaseId, next.Seq));
        Assert.Equal(1, await notifications.RecordAttemptAsync(next.Id, epoch, now, 500, "boom", 12));
        Assert.Equal(2, await notifications.RecordAttemptAsync(next.Id, epoch, now, 200, null, 8));
        Assert.True(await notifications.CompleteAsync(next.Id, epoch, DeliveryStatus.Delivered, now, null));
        Assert.Equal(1, await notifications.FailUnconfiguredAsync(["hook-a"], now, CancellationToken.None));
        Assert.Equal(0, await notifications.FailUnconfiguredAsync(["hook-a"], now, CancellationToken.None));
        // No webhook configured at all: every delivery still pending fails.
        Assert.Equal(1, await notifications.FailUnconfiguredAsync([], now, CancellationToken.None));

        var a1 = await notifications.ListForReleaseAsync("A1", CancellationToken.None);
        Assert.Equal([(DeliveryStatus.Delivered, 2, 200), (DeliveryStatus.Failed, 0, (int?)null)], a1.Select(d => (d.Status, d.Attempts, d.LastStatus)));
        var attempts = await notifications.ListAttemptsForReleaseAsync("A1", CancellationToken.None);
        Assert.Equal([(1, (int?)500, "boom"), (2, 200, null)], attempts.Select(a => (a.Attempt, a.Status, a.Error)));
        var b = Assert.Single(await notifications.ListForReleaseAsync("A2", CancellationToken.None));
        Assert.Equal(DeliveryStatus.Failed, b.Status);
        Assert.Contains("hook-b is no longer configured", b.LastError);

        var (created, state) = await notifications.ReleaseContextAsync("A1", 99, CancellationToken.None);
        Assert.Equal(("1.0.1", "Promoted"), (created!.Version, state));
        Assert.Equal(["A7"], await services.Get<IncidentRepository>().ReleasesWithIncidentAsync("fp-api"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DeliveryClaim_RunOutAndTakenOver_FencesTheFormerHolderOut(bool postgres)
    {
        await using var services = await DashboardServices.StartAsync(postgres: postgres ? server.PortalSettings(_database) : null);
        var notifications = services.Get<NotificationRepository>();
        var now = ConstructedHistory.Now;
        await notifications.EnqueueAsync([new("hook-a", "A1", 1, "ReleaseCreated", "{}"), new("hook-a", "A1", 2, "StateChanged", "{}")], 10, now, CancellationToken.None);

        var a = await notifications.ClaimNextAsync("hook-a", "node-a", TimeSpan.FromMilliseconds(300), soleNode: false, CancellationToken.None);
        Assert.Equal(1L, a!.Delivery.Seq);
        // Held: the head of the webhook's queue is node A's, and its second delivery waits behind it (order per receiver).
        Assert.Null(await notifications.ClaimNextAsync("hook-a", "node-b", TimeSpan.FromMinutes(1), soleNode: false, CancellationToken.None));
        Assert.Equal(1, await notifications.RecordAttemptAsync(a.Delivery.Id, a.Epoch, now, 503, "busy", 5));

        // Node A stops answering: once its claim ran out, node B takes the same delivery (same id) under a new epoch.
        var b = await Poll.UntilAsync(
            () => notifications.ClaimNextAsync("hook-a", "node-b", TimeSpan.FromMinutes(1), soleNode: false, CancellationToken.None),
            "node A's claim to run out and node B to take the delivery over", TimeSpan.FromSeconds(10));
        Assert.Equal((a.Delivery.Id, a.Epoch + 1, 1), (b.Delivery.Id, b.Epoch, b.Delivery.Attempts));

        // Node A resumes: its attempt, renewal and completion are refused and change nothing.
        Assert.Null(await notifications.RecordAttemptAsync(a.Delivery.Id, a.Epoch, now, 200, null, 4));
        Assert.False(await notifications.RenewClaimAsync(a.Delivery.Id, a.Epoch, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await notifications.CompleteAsync(a.Delivery.Id, a.Epoch, DeliveryStatus.Delivered, now, null));
        Assert.Equal(DeliveryStatus.Pending, (await notifications.ListForReleaseAsync("A1", CancellationToken.None))[0].Status);

        Assert.True(await notifications.RenewClaimAsync(b.Delivery.Id, b.Epoch, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(2, await notifications.RecordAttemptAsync(b.Delivery.Id, b.Epoch, now, 200, null, 4));
        Assert.True(await notifications.CompleteAsync(b.Delivery.Id, b.Epoch, DeliveryStatus.Delivered, now, null));
        var first = (await notifications.ListForReleaseAsync("A1", CancellationToken.None))[0];
        Assert.Equal((DeliveryStatus.Delivered, 2), (first.Status, first.Attempts));
        var attempts = await notifications.ListAttemptsForReleaseAsync("A1", CancellationToken.None);
        Assert.Equal([(1, (int?)503), (2, 200)], attempts.Select(x => (x.Attempt, x.Status)));

        // The next delivery is free for whichever node looks first.
        var second = await notifications.ClaimNextAsync("hook-a", "node-a", TimeSpan.FromMinutes(1), soleNode: false, CancellationToken.None);
        Assert.Equal(2L, second!.Delivery.Seq);
    }

    [Fact]
    public async Task DeliveryClaims_ManyNodesClaimingAtOnceOnPostgres_EachDeliveryIsClaimedByOneInOrder()
    {
        await using var services = await DashboardServices.StartAsync(postgres: server.PortalSettings(_database));
        var notifications = services.Get<NotificationRepository>();
        var now = ConstructedHistory.Now;
        var drafts = Enumerable.Range(1, 40).Select(i => new DeliveryDraft("hook-a", "A1", i, "StateChanged", "{}")).ToList();
        await notifications.EnqueueAsync(drafts, 10, now, CancellationToken.None);

        // Eight "nodes" race for the queue's head; each sends and completes what it claimed. SKIP LOCKED lets a loser
        // come away empty at once rather than wait, and the head rule keeps one receiver's deliveries in order.
        var claimed = new System.Collections.Concurrent.ConcurrentQueue<(long Seq, string Node)>();
        var workers = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            var node = $"node-{n}";
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (claimed.Count < drafts.Count && DateTime.UtcNow < deadline)
            {
                if (await notifications.ClaimNextAsync("hook-a", node, TimeSpan.FromMinutes(1), soleNode: false, CancellationToken.None) is { } mine)
                {
                    claimed.Enqueue((mine.Delivery.Seq, node));
                    Assert.Equal(1, await notifications.RecordAttemptAsync(mine.Delivery.Id, mine.Epoch, now, 200, null, 1));
                    Assert.True(await notifications.CompleteAsync(mine.Delivery.Id, mine.Epoch, DeliveryStatus.Delivered, now, null));
                }
            }
        })).ToList();
        await Task.WhenAll(workers);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), claimed.Select(c => c.Seq));
        var deliveries = await notifications.ListForReleaseAsync("A1", CancellationToken.None);
        Assert.All(deliveries, d => Assert.Equal((DeliveryStatus.Delivered, 1), (d.Status, d.Attempts)));
    }
}
