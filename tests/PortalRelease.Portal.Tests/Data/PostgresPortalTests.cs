using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// The whole portal on PostgreSQL (Debian's server, a database of its own): releases run to their end, the journal and
/// audit chains verify, and a restarted portal finds everything where it was.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPortalTests(PostgresServer server)
{
    [Fact]
    public async Task Releases_OnPostgres_SettleVerifyAndSurviveARestart()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = Settings(database);
        using var home = new TempPortalHome();
        string good, bad;
        int goodEvents;
        await using (var portal = new TestPortal(settings, home))
        {
            good = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.0");
            bad = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.1-bad");
            await portal.Client.WaitForStateAsync(good, "Promoted", TimeSpan.FromSeconds(90));
            await portal.Client.WaitForStateAsync(bad, "RolledBack", TimeSpan.FromSeconds(90));

            // A promoted release has no lease left (it went when the release settled): a rollback asked of it must
            // still find a node to drive it.
            var other = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.2");
            await portal.Client.WaitForStateAsync(other, "Promoted", TimeSpan.FromSeconds(90));
            using (var rollback = await portal.Http.PostAsJsonAsync($"/api/releases/{other}/rollback", new { reason = "customer reports" }))
            {
                Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
            }
            await portal.Client.WaitForStateAsync(other, "RolledBack", TimeSpan.FromSeconds(90));

            var events = await portal.Client.GetEventsAsync(good);
            goodEvents = events.Count;
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
            using var verify = JsonDocument.Parse(await portal.Http.GetStringAsync("/api/audit/verify"));
            Assert.True(verify.RootElement.GetProperty("ok").GetBoolean(), verify.RootElement.GetRawText());
            using var ready = await portal.Http.GetAsync("/healthz/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("Postgres at schema", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Nothing of the data lives in the home folder: a portal on the same database finds it all.
        await using (var restarted = new TestPortal(settings))
        {
            Assert.Equal("Promoted", (await restarted.Client.GetReleaseAsync(good)).State);
            Assert.Equal("RolledBack", (await restarted.Client.GetReleaseAsync(bad)).State);
            Assert.Equal(goodEvents, (await restarted.Client.GetEventsAsync(good)).Count);
        }

        Assert.False(File.Exists(home.DatabaseFile) && new FileInfo(home.DatabaseFile).Length > 0, "a SQLite file was written although the provider is Postgres");
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task TwoNodes_StartingTogetherOnAnEmptyDatabase_BothServeAndTheSamplesAreSeededOnce()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = Settings(database);

        // Both hosts migrate and seed at the same moment: the migration lock lets one do each, the other finds it done.
        var starting = Enumerable.Range(0, 2).Select(_ => Task.Run(() => new TestPortal(settings))).ToList();
        var portals = await Task.WhenAll(starting);
        try
        {
            foreach (var portal in portals)
            {
                using var ready = await portal.Http.GetAsync("/healthz/ready");
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }
            using var templates = JsonDocument.Parse(await portals[1].Http.GetStringAsync("/api/templates"));
            var versions = templates.RootElement.EnumerateArray().Select(t => t.GetProperty("version").GetInt64()).ToList();
            Assert.Equal(PortalRelease.Portal.Templates.TemplateSamples.All.Count, versions.Count);
            Assert.All(versions, v => Assert.Equal(1, v));
        }
        finally
        {
            foreach (var portal in portals)
            {
                await portal.DisposeAsync();
            }
        }
        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task Ready_DatabaseGone_Is503WhileLiveStays200()
    {
        var database = await server.CreateDatabaseAsync();
        await using var portal = new TestPortal(Settings(database));
        using (var ready = await portal.Http.GetAsync("/healthz/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await server.DropDatabaseAsync(database);

        using var gone = await portal.Http.GetAsync("/healthz/ready");
        using var live = await portal.Http.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.DoesNotContain(server.Password, await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Dictionary<string, string> Settings(string database) => server.PortalSettings(database);
}
