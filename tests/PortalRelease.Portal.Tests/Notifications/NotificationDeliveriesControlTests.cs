using Bunit;
using PortalRelease.Portal.Components.Controls;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Notifications;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.PortalComponents;

namespace PortalRelease.Portal.Tests.Notifications;

/// <summary>The release page's Notifications panel over real SQLite rows.</summary>
public sealed class NotificationDeliveriesControlTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new([new PlanStage("sandbox", ["sandbox-eu"], [new PromoteStep()])], new RollbackPolicy(true));

    [Fact]
    public async Task Render_ShowsEachDeliveryNewestFirst_AndFollowsAPendingOneUntilItSettles()
    {
        var id = await CreateReleaseAsync(Plan);
        var repository = Get<NotificationRepository>();
        var now = DateTimeOffset.UtcNow;
        await repository.EnqueueAsync(
            [new DeliveryDraft("team-chat", id, 2, "Validated", "{}"), new DeliveryDraft("audit", id, 2, "Validated", "{}"), new DeliveryDraft("audit", id, 3, "Deploying", "{}")],
            0, now, CancellationToken.None);
        // Claimed as the sender claims them: each receiver's oldest first.
        var chat = await ClaimAsync(repository, "team-chat");
        await repository.RecordAttemptAsync(chat.Delivery.Id, chat.Epoch, now, 200, null, 12);
        await repository.CompleteAsync(chat.Delivery.Id, chat.Epoch, DeliveryStatus.Delivered, now, null);
        var refused = await ClaimAsync(repository, "audit");
        await repository.RecordAttemptAsync(refused.Delivery.Id, refused.Epoch, now, 400, "HTTP 400 Bad Request: invalid_payload", 8);
        await repository.CompleteAsync(refused.Delivery.Id, refused.Epoch, DeliveryStatus.Failed, now, "Not retried: the receiver refused the request with HTTP 400.");
        var pending = await ClaimAsync(repository, "audit");
        await repository.RecordAttemptAsync(pending.Delivery.Id, pending.Epoch, now, 503, "HTTP 503 Service Unavailable", 5);

        var panel = Context.Render<NotificationDeliveries>(p => p.Add(x => x.ReleaseId, id).Add(x => x.LastSeq, 3));
        var rows = panel.FindAll("[data-testid=notification-row]");
        Assert.Equal(["Pending", "Failed", "Delivered"], rows.Select(r => r.GetAttribute("data-status")));
        Assert.Contains("Deploying", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("HTTP 200", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("Not retried", rows[1].TextContent, StringComparison.Ordinal);

        // The pending one is delivered outside the journal: the panel looks again while anything is pending.
        await repository.RecordAttemptAsync(pending.Delivery.Id, pending.Epoch, now, 200, null, 4);
        await repository.CompleteAsync(pending.Delivery.Id, pending.Epoch, DeliveryStatus.Delivered, now, null);
        panel.WaitForAssertion(() =>
        {
            var row = panel.FindAll("[data-testid=notification-row]")[0];
            Assert.Equal("Delivered", row.GetAttribute("data-status"));
            Assert.Contains("2", row.Children[3].TextContent, StringComparison.Ordinal);
        }, Wait);
    }

    [Fact]
    public async Task Render_WithoutWebhooksOrDeliveries_ShowsNothing()
    {
        var id = await CreateReleaseAsync(Plan);
        var panel = Context.Render<NotificationDeliveries>(p => p.Add(x => x.ReleaseId, id).Add(x => x.LastSeq, 1));
        Assert.Empty(panel.FindAll("[data-testid=notification-deliveries]"));
    }

    private static async Task<ClaimedDelivery> ClaimAsync(NotificationRepository repository, string webhook) =>
        await repository.ClaimNextAsync(webhook, "node-test", TimeSpan.FromMinutes(1), soleNode: true, CancellationToken.None)
            ?? throw new InvalidOperationException($"Nothing to claim for {webhook}.");
}
