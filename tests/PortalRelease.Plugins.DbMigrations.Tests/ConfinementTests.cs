using System.Text.Json;
using PortalRelease.Plugins.DbMigrations.Tests.Fixtures;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.DbMigrations.Tests;

/// <summary>
/// The operator's policy bounds what a db-migrations target may touch: SQLite files and migration folders only inside the
/// kind's root (never the host's data folder, no escape by <c>..</c> or a link), PostgreSQL only on allowed hosts, and a
/// connection string rebuilt from checked parts. Refused at validation (a settings error at the field) and again at use.
/// </summary>
public sealed class ConfinementTests : IDisposable
{
    private readonly string _outside = Directory.CreateTempSubdirectory("dbmig-outside-").FullName;
    private readonly TestPluginHost _host = new();
    private readonly string _root;
    private readonly MigrationsFolder _migrations;
    private readonly ITargetDriver _driver;

    public ConfinementTests()
    {
        _root = Directory.CreateTempSubdirectory("dbmig-root-").FullName;
        _migrations = new MigrationsFolder(_root).WithSample();
        _host.Policy.Roots[DbMigrationsPlugin.Kind] = _root;
        _driver = _host.Register(new DbMigrationsPlugin()).Driver(DbMigrationsPlugin.Kind);
    }

    public static TheoryData<string> SqliteEscapes => new()
    {
        "../{outside}/app.db",
        "{outside}/app.db",
        "{data}/portal.db",
        "link-to-data/portal.db",
        "link-to-outside/app.db",
    };

    [Theory]
    [MemberData(nameof(SqliteEscapes))]
    public async Task SqliteDatabase_OutsideTheRootOrInTheDataFolder_IsASettingsErrorAndNothingIsCreated(string dataSource)
    {
        Directory.CreateSymbolicLink(Path.Combine(_root, "link-to-data"), _host.DataDirectory);
        Directory.CreateSymbolicLink(Path.Combine(_root, "link-to-outside"), _outside);
        var target = Target($"Data Source={Expand(dataSource)}", _migrations.Path);

        var errors = await _driver.ValidateSettingsAsync(WithSecrets(target), CancellationToken.None);
        var failure = await Assert.ThrowsAsync<DriverException>(() => _driver.ApplyAsync(target, Stable("1.0.0"), CancellationToken.None));
        var status = await StatusOrFailureAsync(target);

        var error = Assert.Single(errors);
        Assert.Equal("/connectionString", error.Path);
        Assert.Contains("Data Source", error.Message);
        Assert.Contains("db-migrations", failure.Message);
        Assert.Contains("Data Source", status);
        Assert.Empty(Directory.GetFiles(_outside));
        Assert.Empty(Directory.GetFiles(_host.DataDirectory));
    }

    [Fact]
    public async Task SqliteDatabase_InsideTheRoot_IsUsedAtItsResolvedPath()
    {
        var target = Target("Data Source=dbs/app.db", _migrations.Path);
        Directory.CreateDirectory(Path.Combine(_root, "dbs"));

        Assert.Empty(await _driver.ValidateSettingsAsync(WithSecrets(target), CancellationToken.None));
        var applied = await _driver.ApplyAsync(target, Stable("1.0.0"), CancellationToken.None);

        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
        Assert.True(File.Exists(Path.Combine(_root, "dbs", "app.db")));
    }

    [Fact]
    public async Task SqliteConnectionString_WithAUriOrExtraKeywords_IsRefusedNamingTheKeywordOnly()
    {
        var uri = await _driver.ValidateSettingsAsync(WithSecrets(Target($"Data Source=file:{_outside}/x.db?vfs=unix-none", _migrations.Path)), CancellationToken.None);
        var extra = await _driver.ValidateSettingsAsync(WithSecrets(Target("Data Source=app.db;Mode=Memory;Cache=Shared", _migrations.Path)), CancellationToken.None);

        Assert.Equal("/connectionString", Assert.Single(uri).Path);
        Assert.DoesNotContain(_outside, uri[0].Message);
        Assert.Equal("/connectionString", Assert.Single(extra).Path);
        Assert.Contains("mode", extra[0].Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Memory", extra[0].Message);
    }

    [Fact]
    public async Task MigrationsFolder_OutsideTheRoot_IsRefusedWithoutListingItOrSayingWhetherItExists()
    {
        var elsewhere = new MigrationsFolder(_outside).WithSample();
        elsewhere.Write("1.2.0", "badly named.sql", "SELECT 1;");
        var existing = Target("Data Source=app.db", elsewhere.Path);
        var missing = Target("Data Source=app.db", Path.Combine(_outside, "nothing-here"));

        var existingErrors = await _driver.ValidateSettingsAsync(WithSecrets(existing), CancellationToken.None);
        var missingErrors = await _driver.ValidateSettingsAsync(WithSecrets(missing), CancellationToken.None);
        var failure = await Assert.ThrowsAsync<DriverException>(() => _driver.ApplyAsync(existing, Stable("1.0.0"), CancellationToken.None));

        var error = Assert.Single(existingErrors);
        Assert.Equal("/migrationsPath", error.Path);
        Assert.Equal(error.Message, Assert.Single(missingErrors).Message);
        Assert.DoesNotContain("1.2.0", error.Message + failure.Message);
        Assert.DoesNotContain("exist", error.Message + failure.Message);
        Assert.DoesNotContain(_outside, error.Message + failure.Message);
    }

    [Fact]
    public async Task MigrationsFolder_InsideTheRootButMissing_SaysTheSameAsAFileOrAnUnreadableFolder()
    {
        File.WriteAllText(Path.Combine(_root, "a-file"), "x");

        var missing = await _driver.ValidateSettingsAsync(WithSecrets(Target("Data Source=app.db", "no-such-folder")), CancellationToken.None);
        var file = await _driver.ValidateSettingsAsync(WithSecrets(Target("Data Source=app.db", "a-file")), CancellationToken.None);

        Assert.Equal("/migrationsPath", Assert.Single(missing).Path);
        Assert.Equal(missing[0].Message.Replace("no-such-folder", "a-file", StringComparison.Ordinal), Assert.Single(file).Message);
        Assert.DoesNotContain("exist", missing[0].Message);
    }

    public static TheoryData<string, string> PostgresRefusals => new()
    {
        { "Host=db.evil.example;Database=app;Username=u;Password=pw-s3cret", "db.evil.example" },
        { "Host=127.0.0.1,db.evil.example;Database=app;Username=u;Password=pw-s3cret", "one host" },
        { "Host=/var/run/postgresql;Database=app;Username=u;Password=pw-s3cret", "socket" },
        { "Host=127.0.0.1;Database=app;Username=u;Password=pw-s3cret;Passfile=/etc/shadow", "Passfile" },
        { "Host=127.0.0.1;Database=app;Username=u;Password=pw-s3cret;Options=-c log_statement=all", "Options" },
        { "Host=127.0.0.1;Database=app;Username=u;Password=pw-s3cret;Root Certificate=/etc/ssl/private/key.pem", "Root Certificate" },
    };

    [Theory]
    [MemberData(nameof(PostgresRefusals))]
    public async Task PostgresConnectionString_ToAHostTheOperatorDidNotAllowOrWithLocalFiles_IsRefusedAtValidationAndUse(string connectionString, string expected)
    {
        var target = Target(connectionString, _migrations.Path, provider: "postgresql");

        var errors = await _driver.ValidateSettingsAsync(WithSecrets(target), CancellationToken.None);
        var failure = await Assert.ThrowsAsync<DriverException>(() => _driver.ApplyAsync(target, Stable("1.0.0"), CancellationToken.None));

        var error = Assert.Single(errors);
        Assert.Equal("/connectionString", error.Path);
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(expected, failure.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("pw-s3cret", error.Message + failure.Message);
        // Refused before any connection: the driver never reached the network.
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task PostgresHost_OnTheAllowlist_IsCheckedAsAPostgresEndpointWithItsPort()
    {
        _host.Policy.AllowLoopback = false;
        _host.Policy.Hosts.Add("db.internal");

        var errors = await _driver.ValidateSettingsAsync(
            WithSecrets(Target("Host=db.internal;Port=6432;Database=app;Username=u;Password=pw", _migrations.Path, provider: "postgresql")), CancellationToken.None);

        Assert.Empty(errors);
        Assert.Contains(new Uri("postgres://db.internal:6432"), _host.Policy.Checked);
    }

    [Fact]
    public void Schema_ConnectionString_IsMarkedAsTheDestinationOfTheSecret()
    {
        using var schema = JsonDocument.Parse(_driver.SettingsSchema);

        Assert.True(schema.RootElement.GetProperty("properties").GetProperty("connectionString").GetProperty("x-portal-destination").GetBoolean());
    }

    public void Dispose()
    {
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private async Task<string> StatusOrFailureAsync(TargetContext target)
    {
        try
        {
            return (await _driver.GetStatusAsync(target, CancellationToken.None)).Detail ?? "";
        }
        catch (DriverException ex)
        {
            return ex.Message;
        }
    }

    private string Expand(string path) => path.Replace("{outside}", _outside, StringComparison.Ordinal).Replace("{data}", _host.DataDirectory, StringComparison.Ordinal);

    private static ApplyRequest Stable(string version) => new()
    {
        ReleaseId = "rel-1", Version = version, Cohort = Cohorts.Stable, Weight = 100, IdempotencyKey = "k-" + version, Strategy = DeploymentStrategy.AllAtOnce,
    };

    private static TargetContext Target(string connectionString, string migrationsPath, string provider = "sqlite") => new()
    {
        Name = "app-db",
        Kind = DbMigrationsPlugin.Kind,
        Settings = TargetContexts.ParseSettings(JsonSerializer.Serialize(new { provider, migrationsPath })),
        Secrets = new Dictionary<string, string> { ["connectionString"] = connectionString },
    };

    // While validating, the portal merges the secrets into the settings.
    private static JsonElement WithSecrets(TargetContext target)
    {
        var settings = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(target.Settings)!;
        foreach (var (name, value) in target.Secrets)
        {
            settings[name] = JsonSerializer.SerializeToElement(value);
        }

        return JsonSerializer.SerializeToElement(settings);
    }
}
