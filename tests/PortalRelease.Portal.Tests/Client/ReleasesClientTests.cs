using System.Net;
using System.Text.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's release reads against the real portal, and the served JSON through the contracts.</summary>
public sealed class ReleasesClientTests
{
    [Theory]
    [InlineData("web-canary")]
    [InlineData("blue-green", PlanStrategy.BlueGreen)]
    [InlineData("rolling", PlanStrategy.Rolling)]
    [InlineData("waves")]
    [InlineData("slo-canary")]
    [InlineData("train", PlanStrategy.AllAtOnce)]
    public async Task GetReleaseAsync_AfterCreate_ReturnsItWithItsPlan_AndTheServedJsonRoundTrips(string template, PlanStrategy strategy = PlanStrategy.Canary)
    {
        await using var portal = new TestPortal();
        var client = new PortalRelease.Client.PortalClient(portal.Http);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest(template, "7.0.0"));

        var release = await client.GetReleaseAsync(created.Id);

        Assert.Equal(created.Id, release.Id);
        Assert.Equal(template, release.Template);
        Assert.Equal("7.0.0", release.Version);
        Assert.NotNull(release.Plan);
        Assert.NotEmpty(release.Plan.Stages);
        Assert.Equal(strategy, release.Plan.Stages[0].Strategy);
        Assert.Equal(release.Plan.Stages.Sum(s => s.Steps.Count), release.Plan.StepCount);
        Assert.All(release.Plan.Stages.SelectMany(s => s.Steps), step => Assert.Equal(JsonValueKind.String, step.GetProperty("kind").ValueKind));
        var json = await portal.Http.GetStringAsync($"/api/releases/{created.Id}");
        var served = ContractAssert.RoundTrips<ReleaseView>(json);
        // The strategy is served as the portal's enum number, as before the contracts, and read as the contract's enum.
        var stages = JsonDocument.Parse(json).RootElement.GetProperty("plan").GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(stages.Select(s => (PlanStrategy)s.GetProperty("strategy").GetInt32()), release.Plan.Stages.Select(s => s.Strategy));
        Assert.Equal(created.Id, served.Id);
        var listed = ContractAssert.RoundTrips<List<ReleaseView>>(await portal.Http.GetStringAsync("/api/releases"));
        Assert.Null(Assert.Single(listed).Plan);
    }

    [Fact]
    public async Task ListReleasesAsync_ListsEachCreatedRelease_WithoutPlans()
    {
        await using var portal = new TestPortal();
        var client = new PortalRelease.Client.PortalClient(portal.Http);
        var first = await client.CreateReleaseAsync(new CreateReleaseRequest("manual-gate", "7.1.0"));
        var second = await client.CreateReleaseAsync(new CreateReleaseRequest("quick-canary", "7.2.0"));

        var listed = await client.ListReleasesAsync();

        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), listed.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(listed, r => Assert.Null(r.Plan));
        Assert.All(listed, r => Assert.NotEmpty(r.AvailableCommands));
    }

    [Fact]
    public async Task GetReleaseAsync_Unknown_ThrowsA404WithTheProblem()
    {
        await using var portal = new TestPortal();
        var client = new PortalRelease.Client.PortalClient(portal.Http);

        var error = await Assert.ThrowsAsync<PortalApiException>(() => client.GetReleaseAsync("no-such-release"));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal(404, error.Problem?.Status);
        Assert.Contains("no-such-release", error.Problem?.Detail, StringComparison.Ordinal);
    }
}
