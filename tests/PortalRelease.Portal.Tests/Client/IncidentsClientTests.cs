using System.Net;
using System.Text.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;
using static PortalRelease.Portal.Tests.Api.AlertmanagerPayloads;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's alerts and on-call view against the real portal, and the served JSON through the contracts.</summary>
public sealed class IncidentsClientTests : PortalTest
{
    [Fact]
    public async Task SendAlertmanagerWebhookAsync_FiringAlert_PausesTheServiceAndIsListed_AndOnCallShowsIt()
    {
        var client = new PortalRelease.Client.PortalClient(Portal.Http);
        await Client.ImportTemplateAsync(CheckoutPause);
        var release = await client.CreateReleaseAsync(new CreateReleaseRequest("checkout-pause", "4.2.0"));
        await Client.WaitForEventsAsync(release.Id, e => e.Any(x => x.Type == "PauseStarted"), "the release to reach its timed pause");
        var healthy = (await client.GetOnCallAsync()).InFlight.Single(r => r.Id == release.Id);
        Assert.Equal("green", healthy.Health);
        Assert.Equal(PlanStrategy.Canary, Assert.Single(healthy.Traffic!.Targets).Strategy);
        ContractAssert.RoundTrips<OnCallView>(await Portal.Http.GetStringAsync("/api/on-call"));

        var outcome = await client.SendAlertmanagerWebhookAsync(JsonSerializer.SerializeToElement(Payload("firing", Alert("firing", "client-1", "checkout"))));

        var recorded = Assert.Single(outcome.Incidents);
        Assert.Equal(("firing", "checkout", "HighErrorRate", "client-1"), (recorded.Status, recorded.Service, recorded.AlertName, recorded.Fingerprint));
        Assert.Equal([release.Id], recorded.Releases);
        var listed = Assert.Single(await client.ListIncidentsAsync());
        Assert.Equal((recorded.Id, recorded.Fingerprint), (listed.Id, listed.Fingerprint));
        Assert.Equal(recorded.Releases, listed.Releases);
        Assert.Equal("HighErrorRate on checkout", listed.Annotations["summary"]);
        await Client.WaitForEventsAsync(release.Id, e => e.Any(x => x.Type == "Paused"), "the alert to pause the release");
        var onCall = await client.GetOnCallAsync();
        Assert.Equal("red", onCall.InFlight.Single(r => r.Id == release.Id).Health);
        Assert.Equal("pause", Assert.Single(onCall.Alerts.Single(a => a.Fingerprint == "client-1").Releases).Action);
        ContractAssert.RoundTrips<List<IncidentView>>(await Portal.Http.GetStringAsync("/api/incidents"));
        ContractAssert.RoundTrips<OnCallView>(await Portal.Http.GetStringAsync("/api/on-call"));
    }

    [Fact]
    public async Task SendAlertmanagerWebhookAsync_ReturnsTheOutcomeAsServed()
    {
        var body = Payload("resolved", Alert("resolved", "client-2", "nothing-runs-here")).ToJsonString();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var posted = await Portal.Http.PostAsync("/api/webhooks/alertmanager", content);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var outcome = ContractAssert.RoundTrips<IncidentOutcomeView>(await posted.Content.ReadAsStringAsync());
        Assert.Empty(Assert.Single(outcome.Incidents).Releases);
    }

    [Fact]
    public async Task SendAlertmanagerWebhookAsync_BadPayload_ThrowsA400WithItsFieldErrors_AndRecordsNothing()
    {
        var client = new PortalRelease.Client.PortalClient(Portal.Http);
        var payload = Payload("firing", Alert("firing", "client-3", "checkout"));
        payload["alerts"]![0]!["status"] = "burning";

        var error = await Assert.ThrowsAsync<PortalApiException>(() => client.SendAlertmanagerWebhookAsync(JsonSerializer.SerializeToElement(payload)));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("\"firing\" or \"resolved\"", Assert.Single(error.FieldErrors["$.alerts[0].status"]), StringComparison.Ordinal);
        Assert.Empty(await client.ListIncidentsAsync());
    }
}
