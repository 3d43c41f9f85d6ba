using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Health;

/// <summary>
/// The probes an orchestrator and a load balancer use: live while the process serves, ready only while the database
/// answers at this portal's schema and the background services run.
/// </summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task Probes_HealthyPortal_LiveAndReadyWithTheDatabaseCheck()
    {
        await using var portal = new TestPortal();

        using var live = await portal.Http.GetAsync("/healthz/live");
        using var ready = await portal.Http.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["database"]);
        Assert.Equal("Healthy", checks["background-services"]);
    }

    [Fact]
    public async Task Ready_DatabaseAtAnotherSchema_Is503WhileLiveStays200()
    {
        await using var portal = new TestPortal();
        (await portal.Http.GetAsync("/healthz/ready")).Dispose();
        // What a node sees when another node, newer, has migrated the shared database past it.
        await using (var connection = new SqliteConnection($"Data Source={portal.Home.DatabaseFile}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO schema_version (version, name, applied_at) VALUES ({SchemaMigrator.LatestVersion + 1}, 'from_a_newer_portal.sql', '2026-12-07T00:00:00.0000000Z')";
            await command.ExecuteNonQueryAsync();
        }

        using var ready = await portal.Http.GetAsync("/healthz/ready");
        using var live = await portal.Http.GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var database = body.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
    }
}
