using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>Quarantine marks given at once on two nodes sharing PostgreSQL: exactly one wins, the rest are told it is already done.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterQuarantineTests(PostgresServer server)
{
    private const int Attempts = 16;

    [Fact]
    public async Task Quarantine_SameVersionMarkedAtOnceOnTwoNodes_OneMarkTheRestConflict()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = server.PortalSettings(database);
        await using var a = new TestPortal(settings);
        await using var b = new TestPortal(settings);

        for (var round = 0; round < 3; round++)
        {
            var version = $"1.4.{round}";
            var marks = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(async i =>
            {
                using var response = await (i % 2 == 0 ? a : b).Http.PostAsJsonAsync("/api/quarantine", new { service = "payments", version, reason = $"bad build ({i})" });
                return response.StatusCode;
            }));
            Assert.Equal(1, marks.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(Attempts - 1, marks.Count(s => s == HttpStatusCode.Conflict));

            // Lifted at once on both nodes: one lift, the rest find nothing to lift.
            var lifts = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(async i =>
            {
                using var response = await (i % 2 == 0 ? a : b).Http.PostAsJsonAsync($"/api/quarantine/payments/{version}/lift", new { reason = "fixed" });
                return response.StatusCode;
            }));
            Assert.Equal(1, lifts.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(Attempts - 1, lifts.Count(s => s == HttpStatusCode.NotFound));
        }

        // The history alternates: never two marks or two lifts of a version in a row.
        using var history = JsonDocument.Parse(await a.Http.GetStringAsync("/api/quarantine/history"));
        foreach (var version in history.RootElement.EnumerateArray().GroupBy(r => r.GetProperty("version").GetString()))
        {
            Assert.Equal(["quarantined", "lifted"], version.Select(r => r.GetProperty("action").GetString()!));
        }
        await server.DropDatabaseAsync(database);
    }
}
