using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Cli.Tests;

/// <summary>
/// The contracts describe what the API serves today: the real API's JSON read through the DTOs (refusing any field
/// a DTO lacks) and written back equals what was served, nulls aside (the contracts leave them out).
/// </summary>
[Collection(CliCollection.Name)]
public sealed class ContractRoundTripTests(CliFixture portal)
{
    [Fact]
    public async Task ReleaseAndEvents_RealApiJson_RoundTripThroughTheContracts()
    {
        using var client = new PortalClient(portal.Http);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("web-canary", "6.0.0", new Dictionary<string, JsonElement>
        {
            ["bake"] = JsonSerializer.SerializeToElement("1s"),
        }), idempotencyKey: "round-trip-1");

        var release = await portal.Http.GetStringAsync($"/api/releases/{created.Id}");
        AssertRoundTrips<ReleaseView>(release);
        var events = await portal.Http.GetStringAsync($"/api/releases/{created.Id}/events");
        AssertRoundTrips<List<ReleaseEvent>>(events);
        using var response = await portal.Http.PostAsJsonAsync("/api/releases", new { template = "quick-canary", version = "6.0.0" });
        var body = await response.Content.ReadAsStringAsync();
        AssertRoundTrips<CreateReleaseResponse>(body);

        // The same request with the same key answers the same release: a CI retry starts nothing new.
        var again = await client.CreateReleaseAsync(new CreateReleaseRequest("web-canary", "6.0.0", new Dictionary<string, JsonElement>
        {
            ["bake"] = JsonSerializer.SerializeToElement("1s"),
        }), idempotencyKey: "round-trip-1");
        Assert.Equal(created.Id, again.Id);

        // Both releases hold sandbox-eu: settle them, or the next test's release queues behind them.
        await portal.AbortAndSettleAsync(created.Id);
        await portal.AbortAndSettleAsync(JsonSerializer.Deserialize<CreateReleaseResponse>(body, ContractJson.Options)!.Id);
    }

    [Fact]
    public async Task CatalogAndCommands_RealApiJson_RoundTripThroughTheContracts()
    {
        AssertRoundTrips<List<TargetView>>(await portal.Http.GetStringAsync("/api/targets"));
        using (var test = await portal.Http.PostAsync("/api/targets/sandbox-eu/test", null))
        {
            AssertRoundTrips<TargetTestResultView>(await test.Content.ReadAsStringAsync());
        }
        AssertRoundTrips<List<PluginView>>(await portal.Http.GetStringAsync("/api/plugins"));
        AssertRoundTrips<CallerView>(await portal.Http.GetStringAsync("/api/access/me"));

        using var client = new PortalClient(portal.Http);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("manual-gate", "6.3.0"));
        try
        {
            AssertRoundTrips<List<ReleaseView>>(await portal.Http.GetStringAsync("/api/releases"));
            // Abort: allowed in every state short of settled (a pause is refused until the release deploys).
            using var abort = await portal.Http.PostAsJsonAsync($"/api/releases/{created.Id}/abort", new ReleaseCommandRequest("round trip"), ContractJson.Options);
            Assert.Equal(HttpStatusCode.Accepted, abort.StatusCode);
            AssertRoundTrips<ReleaseCommandResponse>(await abort.Content.ReadAsStringAsync());
        }
        finally
        {
            await portal.AbortAndSettleAsync(created.Id);
        }
    }

    [Fact]
    public async Task ValidationProblem_RealApiJson_RoundTripsWithItsFieldErrors()
    {
        using var response = await portal.Http.PostAsJsonAsync("/api/releases", new { template = "web-canary", version = "", parameters = new { region = "mars" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();

        AssertRoundTrips<ApiProblem>(body);
        using var client = new PortalClient(portal.Http);
        var error = await Assert.ThrowsAsync<PortalApiException>(() => client.CreateReleaseAsync(new CreateReleaseRequest("web-canary", "", new Dictionary<string, JsonElement>
        {
            ["region"] = JsonSerializer.SerializeToElement("mars"),
        })));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(["parameters.region", "version"], error.FieldErrors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WatchAsync_FromAnySequence_YieldsEachLaterEventOnceInOrder()
    {
        using var client = new PortalClient(portal.Http);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("quick-canary", "6.1.0"));
        var seen = new List<ReleaseEvent>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await foreach (var e in client.WatchAsync(created.Id, 0, cancel.Token))
        {
            seen.Add(e);
            if (e.Type == "StateChanged" && e.Data.GetProperty("to").GetString() == ReleaseStates.Promoted)
            {
                break;
            }
        }
        Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => (long)i), seen.Select(e => e.Seq));

        // Resuming from the middle yields exactly the rest.
        var middle = seen[seen.Count / 2].Seq;
        var rest = new List<long>();
        await foreach (var e in client.WatchAsync(created.Id, middle, cancel.Token))
        {
            rest.Add(e.Seq);
            if (e.Seq == seen[^1].Seq)
            {
                break;
            }
        }
        Assert.Equal(seen.Where(e => e.Seq > middle).Select(e => e.Seq), rest);
    }

    private static void AssertRoundTrips<T>(string served) => PortalRelease.Testing.ContractAssert.RoundTrips<T>(served);
}
