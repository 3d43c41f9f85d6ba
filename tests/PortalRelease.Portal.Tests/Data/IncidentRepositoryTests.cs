using Dapper;
using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data;

public sealed class IncidentRepositoryTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static IncidentRecord Incident(string fingerprint, string status, string? service, params string[] releases) => new(
        0, DateTimeOffset.UtcNow, fingerprint, status, service, "HighErrorRate", "{}:{}", "portal",
        new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero), status == "resolved" ? new DateTimeOffset(2026, 11, 26, 10, 5, 0, TimeSpan.Zero) : null,
        "http://prometheus.example/graph", new Dictionary<string, string> { ["alertname"] = "HighErrorRate" }, new Dictionary<string, string> { ["summary"] = "errors" }, releases);

    [Fact]
    public async Task AddAsync_SeveralAlerts_ListsThemNewestFirstWithEveryField()
    {
        var repository = new IncidentRepository(_database.Connections);

        var stored = await repository.AddAsync([Incident("f1", "firing", "checkout", "r1", "r2"), Incident("f2", "firing", null)]);
        await repository.AddAsync([Incident("f1", "resolved", "checkout", "r1")]);

        Assert.True(stored[0].Id < stored[1].Id);
        var listed = await repository.ListAsync(10);
        Assert.Equal(["f1", "f2", "f1"], listed.Select(i => i.Fingerprint));
        Assert.Equal(["resolved", "firing", "firing"], listed.Select(i => i.Status));
        var first = listed[^1];
        Assert.Equal(("checkout", "HighErrorRate", "errors"), (first.Service, first.AlertName, first.Annotations["summary"]));
        Assert.Equal(["r1", "r2"], first.Releases);
        Assert.Null(first.EndsAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 5, 0, TimeSpan.Zero), listed[0].EndsAt);
        Assert.Null(listed[1].Service);
    }

    [Theory]
    [InlineData("UPDATE incidents SET status = 'resolved'")]
    [InlineData("DELETE FROM incidents")]
    public async Task Incidents_UpdateOrDelete_IsRefusedByTheDatabase(string sql)
    {
        await new IncidentRepository(_database.Connections).AddAsync([Incident("f1", "firing", "checkout")]);
        await using var connection = await _database.Connections.OpenAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(sql));

        Assert.Contains("append-only", error.Message);
    }

    [Fact]
    public async Task Incidents_UnknownStatus_IsRefusedByTheDatabase()
    {
        var repository = new IncidentRepository(_database.Connections);

        await Assert.ThrowsAsync<SqliteException>(() => repository.AddAsync([Incident("f1", "firing", null), Incident("f2", "burning", null)]));

        Assert.Empty(await repository.ListAsync(10));
    }
}
