using System.Net;
using System.Text;
using System.Text.Json;
using static PortalRelease.Portal.Tests.Api.AlertmanagerPayloads;

namespace PortalRelease.Portal.Tests.Api;

public sealed class OnCallApiTests : PortalTest
{
    private async Task<JsonElement> OnCallAsync()
    {
        using var response = await Client.Http.GetAsync("/api/on-call");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    private static JsonElement Row(JsonElement snapshot, string section, string property, string id) =>
        snapshot.GetProperty(section).EnumerateArray().Single(r => r.GetProperty(property).GetString() == id);

    [Fact]
    public async Task Get_AfterAlertPausesOneReleaseAndRollsBackAnother_ListsInFlightRollbackAndAlert()
    {
        await Client.ImportTemplateAsync(CheckoutPause);
        await Client.ImportTemplateAsync(CheckoutRollback);
        var paused = await Client.CreateReleaseAsync("checkout-pause", "4.2.0");
        var rolled = await Client.CreateReleaseAsync("checkout-rollback", "4.2.1");
        foreach (var id in new[] { paused, rolled })
        {
            await Client.WaitForEventsAsync(id, e => e.Any(x => x.Type == "PauseStarted"), $"{id} to reach its timed pause");
        }

        var before = await OnCallAsync();
        var healthy = Row(before, "inFlight", "id", paused);
        Assert.Equal("green", healthy.GetProperty("health").GetString());
        Assert.Equal(25, healthy.GetProperty("weight").GetInt32());
        Assert.Equal("checkout", healthy.GetProperty("service").GetString());

        using var content = new StringContent(Payload("firing", Alert("firing", "oncall-1", "checkout")).ToJsonString(), Encoding.UTF8, "application/json");
        using var posted = await Client.Http.PostAsync("/api/webhooks/alertmanager", content);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await Client.WaitForStateAsync(rolled, "RolledBack");
        await Client.WaitForEventsAsync(paused, e => e.Any(x => x.Type == "Paused"), "the checkout release to pause");

        var snapshot = await OnCallAsync();
        var inFlight = Row(snapshot, "inFlight", "id", paused);
        Assert.Equal("red", inFlight.GetProperty("health").GetString());
        Assert.Contains("HighErrorRate", inFlight.GetProperty("healthReason").GetString());
        Assert.Contains(inFlight.GetProperty("subStates").EnumerateArray(), s => s.GetString()!.StartsWith("Paused", StringComparison.Ordinal));
        Assert.DoesNotContain(snapshot.GetProperty("inFlight").EnumerateArray(), r => r.GetProperty("id").GetString() == rolled);

        var rollback = Row(snapshot, "rollbacks", "releaseId", rolled);
        Assert.True(rollback.GetProperty("automatic").GetBoolean());
        Assert.Equal("alertmanager", rollback.GetProperty("requestedBy").GetString());
        Assert.Equal("RolledBack", rollback.GetProperty("outcome").GetString());
        Assert.Contains("HighErrorRate", rollback.GetProperty("reason").GetString());
        Assert.True(rollback.GetProperty("secondsToSettled").GetDouble() >= 0);
        Assert.Equal("4.2.1", rollback.GetProperty("version").GetString());

        var alert = Row(snapshot, "alerts", "fingerprint", "oncall-1");
        Assert.Equal("firing", alert.GetProperty("status").GetString());
        var actions = alert.GetProperty("releases").EnumerateArray()
            .ToDictionary(a => a.GetProperty("releaseId").GetString()!, a => a.GetProperty("action").GetString());
        Assert.Equal("pause", actions[paused]);
        Assert.Equal("rollback", actions[rolled]);
    }

    [Fact]
    public async Task Get_ManualRollback_CountsAsManualWithItsReason()
    {
        await Client.ImportTemplateAsync(CheckoutPause);
        var id = await Client.CreateReleaseAsync("checkout-pause", "4.3.0");
        await Client.WaitForEventsAsync(id, e => e.Any(x => x.Type == "PauseStarted"), "the release to reach its timed pause");
        using var content = new StringContent("""{"reason": "latency looks off"}""", Encoding.UTF8, "application/json");
        using var response = await Client.Http.PostAsync($"/api/releases/{id}/rollback", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await Client.WaitForStateAsync(id, "RolledBack");

        var rollback = Row(await OnCallAsync(), "rollbacks", "releaseId", id);
        Assert.False(rollback.GetProperty("automatic").GetBoolean());
        Assert.Equal("latency looks off", rollback.GetProperty("reason").GetString());
        Assert.Equal("rollback", rollback.GetProperty("kind").GetString());
    }
}
