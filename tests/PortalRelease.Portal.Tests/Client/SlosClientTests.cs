using System.Net;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's SLO reads against the real portal (the seeded slo-canary declares sandbox-shop's SLO).</summary>
public sealed class SlosClientTests : PortalTest
{
    [Fact]
    public async Task ListSlosAsync_AndGetSlosAsync_ShowTheSeededServiceAndItsDeployments()
    {
        var client = new PortalRelease.Client.PortalClient(Portal.Http);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("slo-canary", "3.0.0"));
        await Client.WaitForStateAsync(created.Id, ReleaseStates.Promoted);

        var service = Assert.Single(await client.ListSlosAsync(), s => s.Service == "sandbox-shop");
        var detail = await client.GetSlosAsync("sandbox-shop");

        var slo = Assert.Single(service.Slos);
        Assert.Equal(("availability", 0.99, "30d"), (slo.Name, slo.Objective, slo.Window));
        Assert.Equal(2, slo.Policy.PauseAbove);
        Assert.Equal(slo.State, service.State);
        Assert.Equal("sandbox-shop", detail.Service.Service);
        Assert.Equal("availability", Assert.Single(detail.History).Name);
        Assert.Contains(detail.Deployments, d => d.ReleaseId == created.Id);
        ContractAssert.RoundTrips<List<ServiceSloView>>(await Portal.Http.GetStringAsync("/api/slos"));
        ContractAssert.RoundTrips<ServiceSloDetailView>(await Portal.Http.GetStringAsync("/api/slos/sandbox-shop"));
    }

    [Fact]
    public async Task GetSlosAsync_ServiceWithoutSlos_ThrowsA404()
    {
        var error = await Assert.ThrowsAsync<PortalApiException>(() => new PortalRelease.Client.PortalClient(Portal.Http).GetSlosAsync("no-such-service"));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Contains("no-such-service", error.Problem?.Detail, StringComparison.Ordinal);
    }
}
