using System.Text.Json;
using PortalRelease.Plugins.DbMigrations.Migrations;
using PortalRelease.Plugins.DbMigrations.Tests.Fixtures;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.DbMigrations.Tests;

/// <summary>Settings validation: one error per problem at its JSON pointer, and never the connection string in a message.</summary>
public sealed class SettingsTests : IDisposable
{
    private const string Secret = "Host=db.internal;Database=app;Username=migrator;Password=s3cret-Pa55";
    private readonly MigrationsFolder _folder = new MigrationsFolder().WithSample();
    private readonly ITargetDriver _driver = Driver();

    [Fact]
    public async Task Valid_postgresql_settings_with_the_connection_string_as_a_secret_have_no_errors()
    {
        var errors = await ValidateAsync(new { provider = "postgresql", connectionString = Secret, migrationsPath = _folder.Path, lockTimeout = "750ms" });

        Assert.Empty(errors);
        Assert.Contains("\"writeOnly\": true", _driver.SettingsSchema);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_its_path_without_echoing_the_connection_string()
    {
        var errors = await ValidateAsync(new { provider = "mysql", connectionString = "Password=s3cret-Pa55;Bogus Keyword=1", migrationsPath = "", lockTimeout = "5 minutes", extra = 1 });

        Assert.Equal(["/extra", "/provider", "/migrationsPath", "/lockTimeout"], errors.Select(e => e.Path));
        Assert.Contains("Must be 'sqlite' or 'postgresql'; got \"mysql\"", errors[1].Message);
        Assert.DoesNotContain(errors, e => e.Message.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_migrations_directory_is_reported_with_the_other_problems_in_one_validation()
    {
        var missing = Path.Combine(_folder.Path, "nowhere");

        var errors = await ValidateAsync(new { provider = "sqlite", connectionString = "Data Source=app.db", migrationsPath = missing, lockTimeout = "soon" });

        Assert.Equal(["/lockTimeout", "/migrationsPath"], errors.Select(e => e.Path));
        Assert.Equal(MigrationCatalog.Unreadable, errors[1].Message);
    }

    [Fact]
    public async Task A_connection_string_the_provider_cannot_parse_is_an_error_without_its_value()
    {
        var errors = await ValidateAsync(new { provider = "postgresql", connectionString = "Password=s3cret-Pa55;Bogus Keyword=1", migrationsPath = _folder.Path });

        var error = Assert.Single(errors);
        Assert.Equal("/connectionString", error.Path);
        // Only the keywords the driver rebuilds the string from are accepted: the unknown one is named, its value never.
        Assert.StartsWith("Not supported in a PostgreSQL connection string here: bogus keyword;", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public async Task A_migrations_directory_with_misnamed_files_and_orphan_down_scripts_is_reported_file_by_file()
    {
        _folder.Write("1.2.0", "add_phone.sql", "ALTER TABLE users ADD COLUMN phone TEXT;");
        _folder.Write("1.2.0", "0002_undo.down.sql", "SELECT 1;");
        _folder.Write("1.2.0", "README.md", "notes are allowed");
        Directory.CreateDirectory(Path.Combine(_folder.Path, "latest"));

        var errors = await ValidateAsync(new { provider = "sqlite", connectionString = "Data Source=app.db", migrationsPath = _folder.Path });

        Assert.All(errors, e => Assert.Equal("/migrationsPath", e.Path));
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Message.StartsWith("1.2.0/add_phone.sql: not a migration file name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.StartsWith("1.2.0/0002_undo.down.sql: a down script undoes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.StartsWith("latest/: a folder in the migrations directory must be named after a version", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();

    private Task<IReadOnlyList<SettingsError>> ValidateAsync(object settings) =>
        _driver.ValidateSettingsAsync(TargetContexts.ParseSettings(JsonSerializer.Serialize(settings)), CancellationToken.None).AsTask();

    // db.internal stands for the operator's database host: allowed, never connected to.
    private static ITargetDriver Driver() => Drivers.Create(policy => policy.Hosts.Add("db.internal"));
}
