using PortalRelease.Portal.Data;
using PortalRelease.Portal.Notifications;
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
        await using var services = await DashboardServices.StartAsync(postgres: postgres ? server.ConnectionStringFor(_database) : null);
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

        var next = await notifications.NextPendingAsync("hook-a", CancellationToken.None);
        Assert.Equal(("A1", 1L), (next!.ReleaseId, next.Seq));
        Assert.Equal(1, await notifications.RecordAttemptAsync(next.Id, now, 500, "boom", 12));
        Assert.Equal(2, await notifications.RecordAttemptAsync(next.Id, now, 200, null, 8));
        await notifications.CompleteAsync(next.Id, DeliveryStatus.Delivered, now, null);
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
}
