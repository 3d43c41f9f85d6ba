using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// The review's attack end to end: the portal on real Kestrel with the deployed db-migrations plugin, an operator root
/// that contains the portal's own data folder, and targets aimed at the portal's database by every route (relative,
/// absolute, <c>..</c>, a link). Each save is a settings error naming the field; the database stays intact and the portal
/// starts again on it.
/// </summary>
public sealed class DbMigrationsDataFolderTests : IAsyncLifetime
{
    private readonly TempPortalHome _home = new();
    private KestrelPortal _portal = null!;

    public Task InitializeAsync()
    {
        DryRunApiTests.CopyPlugin(_home.PluginsDirectory);
        var migrations = Path.Combine(_home.Root, "migrations", "1.0.0");
        Directory.CreateDirectory(migrations);
        File.WriteAllText(Path.Combine(migrations, "0001_wreck.expand.sql"), "CREATE TABLE wreck (id INTEGER);");
        Directory.CreateSymbolicLink(Path.Combine(_home.Root, "innocent"), _home.DataDirectory);
        _portal = new KestrelPortal(_home);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DbMigrationsTarget_AimedAtThePortalsDataFolder_IsRefusedAndThePortalRestartsOnAnIntactDatabase()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_portal.BaseUrl) };
        var attempts = new (string DataSource, string MigrationsPath, string Field, string Says)[]
        {
            ("data/portal.db", "migrations", "/secrets/connectionString", "Portal:DataDirectory"),
            (_home.DatabaseFile, "migrations", "/secrets/connectionString", "Portal:DataDirectory"),
            ("innocent/portal.db", "migrations", "/secrets/connectionString", "Portal:DataDirectory"),
            ("migrations/../data/portal.db", "migrations", "/secrets/connectionString", "Portal:DataDirectory"),
            ("../" + Path.GetFileName(_home.Root) + "/data/portal.db", "migrations", "/secrets/connectionString", "Portal:DataDirectory"),
            ("../elsewhere.db", "migrations", "/secrets/connectionString", "Portal:TargetPolicy:Kinds:db-migrations:Root"),
            ("/etc/portal.db", "migrations", "/secrets/connectionString", "Portal:TargetPolicy:Kinds:db-migrations:Root"),
            ("app.db", "data", "/settings/migrationsPath", "Portal:DataDirectory"),
            ("app.db", "/etc", "/settings/migrationsPath", "Portal:TargetPolicy:Kinds:db-migrations:Root"),
        };

        foreach (var (dataSource, migrationsPath, field, says) in attempts)
        {
            using var response = await http.PostAsJsonAsync("/api/targets", new
            {
                name = "app-db",
                kind = "db-migrations",
                settings = new { provider = "sqlite", migrationsPath },
                secrets = new { connectionString = $"Data Source={dataSource}" },
            });

            var errors = await TargetsPortal.ProblemErrorsAsync(response);
            var error = Assert.Single(errors);
            Assert.True(error.Path == field && error.Message.Contains(says, StringComparison.Ordinal), $"{dataSource} / {migrationsPath}: {error.Path}: {error.Message}");
        }

        var targets = await http.GetFromJsonAsync<JsonElement[]>("/api/targets");
        Assert.DoesNotContain(targets!, t => t.GetProperty("name").GetString() == "app-db");
        Assert.Equal("ok", IntegrityCheck());
        Assert.False(File.Exists(Path.Combine(_home.Root, "app.db")));

        await _portal.DisposeAsync();
        _portal = new KestrelPortal(_home);
        using var restarted = new HttpClient { BaseAddress = new Uri(_portal.BaseUrl) };
        using var list = await restarted.GetAsync("/api/targets");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("ok", IntegrityCheck());
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _home.Dispose();
    }

    private string IntegrityCheck()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _home.DatabaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    /// <summary>The portal on Kestrel at a random loopback port, its db-migrations root the whole home (data folder included).</summary>
    private sealed class KestrelPortal : WebApplicationFactory<Program>
    {
        private readonly TempPortalHome _home;

        public KestrelPortal(TempPortalHome home)
        {
            _home = home;
            UseKestrel(0);
        }

        public string BaseUrl
        {
            get
            {
                StartServer();
                var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                return address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("urls", "http://127.0.0.1:0")
                .UseSetting("Portal:Auth:Mode", "Development").UseSetting("Portal:DataDirectory", _home.DataDirectory)
                .UseSetting("Portal:PluginsDirectory", _home.PluginsDirectory)
                .UseSetting("Portal:SeedDemoHistory", "false")
                .UseSetting("Portal:TargetPolicy:Kinds:db-migrations:Root", _home.Root);
        }
    }
}
