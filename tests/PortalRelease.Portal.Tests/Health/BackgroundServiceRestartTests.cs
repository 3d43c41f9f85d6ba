using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Health;

public sealed class BackgroundServiceRestartTests : PortalTest
{
    [Fact]
    public async Task Projector_SqliteFaultInReleaseFacts_PortalKeepsServingHealthzNamesItThenRecovers()
    {
        await WaitForHealthAsync(HttpStatusCode.OK, "the portal to be healthy before the fault");
        // A real SQLite error on every write to the projector's table, raised by the database itself.
        await ExecuteAsync("""
            CREATE TRIGGER injected_fault_insert BEFORE INSERT ON release_facts BEGIN SELECT RAISE(ABORT, 'injected fault'); END;
            CREATE TRIGGER injected_fault_update BEFORE UPDATE ON release_facts BEGIN SELECT RAISE(ABORT, 'injected fault'); END;
            """);

        var id = await Client.CreateReleaseAsync("quick-canary", "4.5.6");

        var unhealthy = await WaitForHealthAsync(HttpStatusCode.ServiceUnavailable, "/healthz to report the projector failed");
        Assert.Equal("Unhealthy", unhealthy.GetProperty("status").GetString());
        var projector = unhealthy.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "release-facts-projector");
        Assert.Equal("Failed", projector.GetProperty("state").GetString());
        Assert.Contains("injected fault", projector.GetProperty("lastError").GetString());
        var services = unhealthy.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "background-services");
        Assert.Contains("release-facts-projector failed", services.GetProperty("description").GetString());
        // The portal serves on, and the release itself runs: only derived data is behind.
        using (var releases = await Portal.Http.GetAsync("/api/releases"))
        {
            Assert.Equal(HttpStatusCode.OK, releases.StatusCode);
        }
        await Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(60));

        await ExecuteAsync("DROP TRIGGER injected_fault_insert; DROP TRIGGER injected_fault_update;");

        var healthy = await WaitForHealthAsync(HttpStatusCode.OK, "/healthz to be healthy again after the fault was removed");
        Assert.Equal("Running", healthy.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "release-facts-projector").GetProperty("state").GetString());
        Assert.Equal(1L, await ScalarAsync($"SELECT count(*) FROM release_facts WHERE release_id = '{id}'"));
    }

    [Fact]
    public void EveryBackgroundService_InThePortal_IsSupervised()
    {
        var unsupervised = typeof(Program).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(BackgroundService).IsAssignableFrom(t) && !typeof(SupervisedBackgroundService).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(unsupervised);
    }

    private async Task<JsonElement> WaitForHealthAsync(HttpStatusCode expected, string what)
    {
        var last = "";
        return (await Poll.UntilAsync<object>(
            async () =>
            {
                using var response = await Portal.Http.GetAsync("/healthz");
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                return response.StatusCode == expected ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : null;
            },
            what,
            TimeSpan.FromSeconds(60),
            () => last) as JsonElement?)!.Value;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Portal.Home.DatabaseFile, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return connection;
    }
}
