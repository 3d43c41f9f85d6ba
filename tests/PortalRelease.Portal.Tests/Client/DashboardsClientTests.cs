using System.Net;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's delivery dashboard against the real portal, and the served JSON through the contracts.</summary>
public sealed class DashboardsClientTests : PortalTest
{
    [Fact]
    public async Task GetDeliveryDashboardAsync_AfterAPromotion_CountsItAndListsItBehindTheFigure()
    {
        var client = new PortalRelease.Client.PortalClient(Portal.Http);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("quick-canary", "2.0.0",
            Metadata: new ReleaseMetadataRequest(Team: "payments", CommitAt: DateTimeOffset.UtcNow.AddHours(-3).ToString("O"))));
        await Client.WaitForStateAsync(created.Id, ReleaseStates.Promoted);

        var dashboard = await client.GetDeliveryDashboardAsync(team: "payments", period: "7d");
        var rows = await client.ListDeliveryReleasesAsync("deployments", team: "payments", period: "7d");

        Assert.Equal(("payments", "7d"), (dashboard.Team, dashboard.Period));
        Assert.Equal(1, dashboard.Kpis.Single(k => k.Figure == "deployments").Releases);
        var row = Assert.Single(rows);
        Assert.Equal((created.Id, "quick-canary", "2.0.0", ReleaseStates.Promoted), (row.Id, row.Service, row.Version, row.State));
        Assert.NotNull(row.LeadTimeHours);
        var served = ContractAssert.RoundTrips<DeliveryDashboardView>(await Portal.Http.GetStringAsync("/api/dashboards/delivery?team=payments&period=7d"));
        Assert.Contains(served.Kpis, k => k.Band is not null);
        ContractAssert.RoundTrips<List<DrillDownRowView>>(await Portal.Http.GetStringAsync("/api/dashboards/delivery/releases?figure=deployments&team=payments&period=7d"));
        ContractAssert.RoundTrips<DeliveryDashboardView>(await Portal.Http.GetStringAsync("/api/dashboards/delivery"));
    }

    [Fact]
    public async Task DeliveryCsvMethods_AnswerTheTablesWithTheirHeaders()
    {
        var client = new PortalRelease.Client.PortalClient(Portal.Http);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("quick-canary", "2.1.0", Metadata: new ReleaseMetadataRequest(Team: "payments")));
        await Client.WaitForStateAsync(created.Id, ReleaseStates.Promoted);

        var summary = await client.GetDeliveryDashboardCsvAsync(period: "7d");
        var trend = await client.GetDeliveryDashboardCsvAsync("trend", period: "7d");
        var releases = await client.GetDeliveryReleasesCsvAsync("deployments", team: "payments", period: "7d");

        Assert.StartsWith("figure,name,value,unit,display,band,releases,detail,", summary, StringComparison.Ordinal);
        Assert.StartsWith("week_start,deployments,", trend, StringComparison.Ordinal);
        var lines = releases.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,team,service,version,state,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(created.Id + ",payments,", Assert.Single(lines[1..]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliveryMethods_BadFilter_ThrowA400SayingWhatIsAccepted()
    {
        var client = new PortalRelease.Client.PortalClient(Portal.Http);

        var period = await Assert.ThrowsAsync<PortalApiException>(() => client.GetDeliveryDashboardAsync(period: "fortnight"));
        var figure = await Assert.ThrowsAsync<PortalApiException>(() => client.ListDeliveryReleasesAsync("velocity"));
        var table = await Assert.ThrowsAsync<PortalApiException>(() => client.GetDeliveryDashboardCsvAsync("pie"));

        Assert.Equal(HttpStatusCode.BadRequest, period.Status);
        Assert.Contains("'period' must be one of 7d, 30d", period.Problem?.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, figure.Status);
        Assert.Contains("'figure' must be one of", figure.Problem?.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, table.Status);
        Assert.Contains("'table' must be one of", table.Problem?.Detail, StringComparison.Ordinal);
    }
}
