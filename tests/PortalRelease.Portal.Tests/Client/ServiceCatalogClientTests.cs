using System.Net;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's service catalog methods against the real in-memory portal, and their contract.</summary>
public sealed class ServiceCatalogClientTests : PortalTest
{
    private PortalRelease.Client.PortalClient Typed => new(Portal.Http);

    [Fact]
    public async Task PutGetListRemove_AService_AnswersTheEntryThenGetIs404()
    {
        var registered = await Typed.PutServiceAsync("payments-api", new ServiceRequest("payments", "Card payments"));
        var changed = await Typed.PutServiceAsync("payments-api", new ServiceRequest("finance", null));

        Assert.Equal(("payments-api", "payments", "Card payments"), (registered.Name, registered.Team, registered.Description));
        Assert.Equal(("finance", "dev-user"), (changed.Team, changed.UpdatedBy));
        Assert.Equal("finance", (await Typed.GetServiceAsync("payments-api")).Team);
        Assert.Contains(await Typed.ListServicesAsync(), s => s.Name == "payments-api");
        ContractAssert.RoundTrips<ServiceEntryView>(await Portal.Http.GetStringAsync("/api/services/payments-api"));
        ContractAssert.RoundTrips<List<ServiceEntryView>>(await Portal.Http.GetStringAsync("/api/services"));

        await Typed.RemoveServiceAsync("payments-api");

        var gone = await Assert.ThrowsAsync<PortalApiException>(() => Typed.GetServiceAsync("payments-api"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Contains("no service 'payments-api'", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutService_WithoutATeam_Is400NamingTheField()
    {
        var error = await Assert.ThrowsAsync<PortalApiException>(() => Typed.PutServiceAsync("payments-api", new ServiceRequest(null, "no team")));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(["team"], error.FieldErrors.Keys);
        Assert.Empty(await Typed.ListServicesAsync());
    }
}
