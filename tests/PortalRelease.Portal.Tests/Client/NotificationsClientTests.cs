using System.Net;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Notifications;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's webhook deliveries of a release, against the real portal and a loopback receiver.</summary>
public sealed class NotificationsClientTests : IAsyncLifetime
{
    private readonly string _secretVariable = "PORTAL_TEST_WEBHOOK_SECRET_" + Guid.NewGuid().ToString("N");
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        // A generic webhook is signed: the portal refuses to start without its key.
        Environment.SetEnvironmentVariable(_secretVariable, "client-tests-hmac-key-0123456789abcdef");
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Environment.SetEnvironmentVariable(_secretVariable, null);
    }

    [Fact]
    public async Task ListNotificationsAsync_AfterAPromotion_ListsEachStateChangeDelivered()
    {
        await using var portal = new NotificationsPortal(NotificationsPortal.Settings(("audit", _receiver.Url("/generic"), "generic", _secretVariable, [])));
        var client = new PortalRelease.Client.PortalClient(portal.Http);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("quick-canary", "1.4.0"));
        await portal.Client.WaitForStateAsync(created.Id, ReleaseStates.Promoted);
        var changes = (await client.GetEventsAsync(created.Id)).Where(e => e.Type == "StateChanged").Select(e => e.Seq).ToList();

        var deliveries = await Poll.UntilAsync(
            async () => await client.ListNotificationsAsync(created.Id) is { } d && d.Count == changes.Count && d.All(x => x.Status == "Delivered") ? d : null,
            "every state change delivered");

        Assert.Equal(changes, deliveries.Select(d => d.Seq).Order());
        Assert.All(deliveries, d => Assert.Equal("audit", d.Webhook));
        Assert.All(deliveries, d => Assert.Equal(200, Assert.Single(d.AttemptLog).Status));
        ContractAssert.RoundTrips<List<NotificationDeliveryView>>(await portal.Http.GetStringAsync($"/api/releases/{created.Id}/notifications"));
    }

    [Fact]
    public async Task ListNotificationsAsync_UnknownRelease_ThrowsA404()
    {
        await using var portal = new NotificationsPortal(NotificationsPortal.Settings());

        var error = await Assert.ThrowsAsync<PortalApiException>(() => new PortalRelease.Client.PortalClient(portal.Http).ListNotificationsAsync("no-such-release"));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
    }
}
