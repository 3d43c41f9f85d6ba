using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Gates;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>Releases are shown — listed, read, streamed — only to callers who may view them, judged by each release's stored plan.</summary>
public sealed class ViewAccessTests
{
    private const string Payments = """
        name: payments-live
        service: payments-api
        stages:
          - { name: prod, environment: production, targets: [sandbox-eu], steps: [{ setWeight: 50 }] }
        """;

    private static readonly Dictionary<string, string> PaymentsViewers = new()
    {
        ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
        ["Portal:Access:Grants:0:User"] = "dev-user",
        ["Portal:Access:Grants:0:Role"] = "admin",
        ["Portal:Access:Grants:1:Group"] = "payments",
        ["Portal:Access:Grants:1:Role"] = "viewer",
        ["Portal:Access:Grants:1:Services:0"] = "payments-*",
        ["Portal:Access:Groups:payments:0"] = "paula",
    };

    [Fact]
    public async Task ListAndRead_ShowOnlyWhatTheCallerMayView()
    {
        await using var portal = new GatesPortal(PaymentsViewers);
        await portal.LabelAsync("sandbox-eu", "production");
        var id = await portal.StartAsync(Payments, "1.0.0", author: "dev-user");

        var outsiderList = await portal.GetAsync("vic", "/api/releases");
        var insiderList = await portal.GetAsync("paula", "/api/releases");
        var outsiderRead = await portal.SendAsync("vic", HttpMethod.Get, $"/api/releases/{id}");
        var outsiderEvents = await portal.SendAsync("vic", HttpMethod.Get, $"/api/releases/{id}/events");
        var outsiderGates = await portal.SendAsync("vic", HttpMethod.Get, $"/api/releases/{id}/gates");

        Assert.Equal(0, outsiderList.GetArrayLength());
        Assert.Contains(insiderList.EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        AuthorizationTests.AssertForbidden(outsiderRead, "vic may not view releases of service 'payments-api' in production");
        AuthorizationTests.AssertForbidden(outsiderEvents, "vic may not view releases");
        AuthorizationTests.AssertForbidden(outsiderGates, "vic may not view releases");
        Assert.Equal(id, (await portal.GetAsync("paula", $"/api/releases/{id}")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Notifications_OfAReleaseTheCallerMayNotView_Are403_AndAViewerThereReadsThem()
    {
        await using var portal = new GatesPortal(PaymentsViewers);
        await portal.LabelAsync("sandbox-eu", "production");
        var id = await portal.StartAsync(Payments, "1.0.0", author: "dev-user");

        var outsider = await portal.SendAsync("vic", HttpMethod.Get, $"/api/releases/{id}/notifications");
        var insider = await portal.GetAsync("paula", $"/api/releases/{id}/notifications");

        AuthorizationTests.AssertForbidden(outsider, "vic may not view releases of service 'payments-api' in production");
        Assert.Equal(System.Text.Json.JsonValueKind.Array, insider.ValueKind);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await portal.SendAsync("paula", HttpMethod.Get, "/api/releases/nope/notifications")).Status);
    }

    [Fact]
    public async Task Events_OfAReleaseTheCallerMayNotView_IsRefused_AndAViewerThereGetsTheStream()
    {
        await using var portal = new GatesPortal(PaymentsViewers);
        await portal.LabelAsync("sandbox-eu", "production");
        var id = await portal.StartAsync(Payments, "1.0.0", author: "dev-user");
        await using var outsider = await ConnectAsync(portal, "vic");
        await using var insider = await ConnectAsync(portal, "paula");

        var refused = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in outsider.StreamAsync<ReleaseEvent>("Events", id, 0L))
            {
                Assert.Fail("a release vic may not view was streamed to him");
            }
        });
        Assert.Contains("vic may not view releases of service 'payments-api' in production", refused.Message, StringComparison.Ordinal);

        using var cancel = new CancellationTokenSource(Poll.DefaultTimeout);
        await foreach (var first in insider.StreamAsync<ReleaseEvent>("Events", id, 0L, cancel.Token))
        {
            Assert.Equal("ReleaseCreated", first.Type);
            break;
        }
    }

    private static async Task<HubConnection> ConnectAsync(GatesPortal portal, string user)
    {
        var server = portal.Ops.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/releases"), o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.Headers.Add("X-Portal-User", user);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
