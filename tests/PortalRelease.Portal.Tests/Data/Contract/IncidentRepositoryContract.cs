using System.Data.Common;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The append-only <c>incidents</c> table and the journal lookup of releases an alert touched.</summary>
public abstract class IncidentRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private IncidentRepository Incidents => new(Database);

    private static IncidentRecord Incident(string fingerprint, string status, string? service, params string[] releases) => new(
        0, PreciseLocalTime, fingerprint, status, service, "HighErrorRate", "{}:{}", "portal",
        new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), status == "resolved" ? new DateTimeOffset(2026, 11, 26, 10, 5, 0, TimeSpan.Zero) : null,
        "http://prometheus.example/graph", new Dictionary<string, string> { ["alertname"] = "HighErrorRate", ["ünï"] = "✓" },
        new Dictionary<string, string> { ["summary"] = "errors" }, releases);

    [Fact]
    public async Task Add_SeveralAlerts_ListsThemNewestFirstWithEveryField()
    {
        var stored = await Incidents.AddAsync([Incident("f1", "firing", "checkout", "r1", "r2"), Incident("f2", "firing", null)]);
        await Incidents.AddAsync([Incident("f1", "resolved", "checkout", "r1")]);

        Assert.True(stored[0].Id < stored[1].Id);
        var listed = await Incidents.ListAsync(10);
        Assert.Equal(["f1", "f2", "f1"], listed.Select(i => i.Fingerprint));
        Assert.Equal(["resolved", "firing", "firing"], listed.Select(i => i.Status));
        var first = listed[^1];
        Assert.Equal(stored[0].Id, first.Id);
        Assert.Equal(("checkout", "HighErrorRate", "errors", "✓"), (first.Service, first.AlertName, first.Annotations["summary"], first.Labels["ünï"]));
        Assert.Equal(["r1", "r2"], first.Releases);
        Assert.Equal((PreciseLocalTime, TimeSpan.Zero), (first.ReceivedAt, first.ReceivedAt.Offset));
        Assert.Null(first.EndsAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 5, 0, TimeSpan.Zero), listed[0].EndsAt);
        Assert.Null(listed[1].Service);
        Assert.Equal(["f1"], (await Incidents.ListAsync(1)).Select(i => i.Fingerprint));
    }

    [Theory]
    [InlineData("UPDATE incidents SET status = 'resolved'")]
    [InlineData("DELETE FROM incidents")]
    public async Task Incidents_UpdateOrDelete_IsRefusedAndChangesNothing(string sql)
    {
        await Incidents.AddAsync([Incident("f1", "firing", "checkout")]);

        await AssertAppendOnlyRefusedAsync(sql);

        Assert.Equal("firing", Assert.Single(await Incidents.ListAsync(10)).Status);
    }

    [Fact]
    public async Task Add_UnknownStatusInTheBatch_IsRefusedAndStoresNoneOfIt()
    {
        await Assert.ThrowsAnyAsync<DbException>(() => Incidents.AddAsync([Incident("f1", "firing", null), Incident("f2", "burning", null)]));

        Assert.Empty(await Incidents.ListAsync(10));
    }

    [Fact]
    public async Task ReleasesWithIncident_JournaledIncidents_FindsEachReleaseOnceByFingerprint()
    {
        var alert = new IncidentAlert(1, "fp-api", "firing", "api", "HighErrorRate", new Dictionary<string, string>(), new Dictionary<string, string>(), PreciseLocalTime, null, null);
        var opened = new IncidentOpened(alert, new ReleaseSnapshot("Deploying", false, 1, null, new Dictionary<string, int>(), []), "pause");
        await CreateReleaseAsync("r1", null, opened, opened);
        await CreateReleaseAsync("r2", null, opened with { Alert = alert with { Fingerprint = "fp-other" } });

        Assert.Equal(["r1"], await Incidents.ReleasesWithIncidentAsync("fp-api"));
        Assert.Empty(await Incidents.ReleasesWithIncidentAsync("FP-API"));
    }
}

public sealed class SqliteIncidentRepositoryContract() : IncidentRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresIncidentRepositoryContract(PostgresServer server) : IncidentRepositoryContract(server);
