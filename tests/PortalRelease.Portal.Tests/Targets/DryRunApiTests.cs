using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Targets;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// <c>GET /api/targets/{name}/dry-run</c> against the real db-migrations plugin (copied from the repository's
/// <c>plugins/DbMigrations</c> before the portal starts, as an operator drops it in) and a SQLite database in a temporary folder.
/// </summary>
public sealed class DryRunApiTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("dryrun-api-").FullName;
    private readonly TempPortalHome _home = new();
    private TargetsPortal _portal = null!;

    private TargetsPortal Portal => _portal;

    public Task InitializeAsync()
    {
        CopyPlugin(_home.PluginsDirectory);
        // The operator allows db-migrations files in the test's work folder only.
        _portal = new TargetsPortal(_home, new Dictionary<string, string> { ["Portal:TargetPolicy:Kinds:db-migrations:Root"] = _work });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        _home.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task The_dry_run_of_a_db_migrations_target_lists_the_pending_expand_migrations_in_order()
    {
        await CreateDbTargetAsync();

        using var response = await Portal.Http.GetAsync("/api/targets/app-db/dry-run?version=1.1.0&cohort=canary&weight=10");

        var plan = await TargetsPortal.ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("db-migrations", plan.GetProperty("kind").GetString());
        Assert.Equal("canary", plan.GetProperty("strategy").GetString());
        var steps = plan.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(
            ["Run expand migration 1.0.0/0001_create_users.expand.sql", "Run expand migration 1.1.0/0001_add_email.expand.sql"],
            steps.Select(s => s.GetProperty("title").GetString()).Where(t => t!.StartsWith("Run ", StringComparison.Ordinal)));
        Assert.Equal("ALTER TABLE users ADD COLUMN email TEXT;", steps.Single(s => s.GetProperty("title").GetString()!.EndsWith("add_email.expand.sql", StringComparison.Ordinal)).GetProperty("text").GetString());
        Assert.StartsWith("Would run 2 migrations for canary 1.1.0 at 10%", plan.GetProperty("summary").GetString());
        // Nothing ran: neither the migrations nor the journal.
        Assert.False(HasTable("users"));
        Assert.False(HasTable("portal_schema_journal"));
    }

    [Fact]
    public async Task The_wizard_preview_shows_the_dry_run_of_each_stages_first_apply_and_skips_drivers_without_one()
    {
        await CreateDbTargetAsync();
        using (var sandbox = await Portal.Http.PostAsJsonAsync("/api/targets", new { name = "web-sbx", kind = "sandbox", settings = new { } }))
        {
            await TargetsPortal.ExpectAsync(sandbox, HttpStatusCode.Created);
        }
        var plan = new ReleasePlan(
            [
                new PlanStage("database", ["app-db"], [new SetWeightStep(25), new PromoteStep()]),
                new PlanStage("web", ["web-sbx"], [new PromoteStep()]),
            ],
            new RollbackPolicy(OnAnalysisFailure: true));

        var previews = await Portal.Services.GetRequiredService<DryRunPreviews>().ForAsync(plan, "1.1.0", CancellationToken.None);

        var preview = Assert.Single(previews);
        Assert.Equal(("database", "app-db", "canary at 25%", null), (preview.Stage, preview.Target, preview.Call, preview.Error));
        Assert.StartsWith("Would run 2 migrations for canary 1.1.0 at 25%", preview.Summary, StringComparison.Ordinal);
        Assert.Contains(preview.Steps, s => s.Title == "Run expand migration 1.1.0/0001_add_email.expand.sql" && s.Text == "ALTER TABLE users ADD COLUMN email TEXT;");
        Assert.False(HasTable("users"));
    }

    [Theory]
    [InlineData("/api/targets/app-db/dry-run?cohort=canary", "'version' is required")]
    [InlineData("/api/targets/app-db/dry-run?version=1.1.0&cohort=purple", "'cohort' is 'purple'")]
    [InlineData("/api/targets/app-db/dry-run?version=1.1.0&weight=150", "'weight' is '150'")]
    [InlineData("/api/targets/app-db/dry-run?version=1.1.0&strategy=big-bang", "'strategy' is 'big-bang'")]
    public async Task Bad_query_parameters_are_a_400_problem_saying_which(string url, string expected)
    {
        await CreateDbTargetAsync();

        using var response = await Portal.Http.GetAsync(url);

        var problem = await TargetsPortal.ExpectAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_target_is_404_and_a_driver_without_dry_run_is_400()
    {
        using var created = await Portal.Http.PostAsJsonAsync("/api/targets", new { name = "fleet", kind = "sandbox", settings = new { } });
        await TargetsPortal.ExpectAsync(created, HttpStatusCode.Created);

        using var missing = await Portal.Http.GetAsync("/api/targets/nowhere/dry-run?version=1.0.0");
        using var sandbox = await Portal.Http.GetAsync("/api/targets/fleet/dry-run?version=1.0.0");

        var notFound = await TargetsPortal.ExpectAsync(missing, HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no target named 'nowhere'", notFound.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var noDryRun = await TargetsPortal.ExpectAsync(sandbox, HttpStatusCode.BadRequest);
        Assert.Contains("has no dry run", noDryRun.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destructive_expand_migration_is_refused_when_the_target_is_saved_naming_file_and_line()
    {
        var migrations = WriteMigrations();
        File.WriteAllText(Path.Combine(migrations, "1.1.0", "0002_tidy.expand.sql"), "ALTER TABLE users ADD COLUMN x TEXT;\nDROP TABLE legacy;\n");

        using var response = await Portal.Http.PostAsJsonAsync("/api/targets", Body(migrations));

        var problem = await TargetsPortal.ExpectAsync(response, HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("/settings/migrationsPath", error.GetProperty("path").GetString());
        Assert.StartsWith("1.1.0/0002_tidy.expand.sql line 2: DROP TABLE is destructive", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task CreateDbTargetAsync()
    {
        using var response = await Portal.Http.PostAsJsonAsync("/api/targets", Body(WriteMigrations()));
        await TargetsPortal.ExpectAsync(response, HttpStatusCode.Created);
    }

    private object Body(string migrations) => new
    {
        name = "app-db",
        kind = "db-migrations",
        settings = new { provider = "sqlite", migrationsPath = migrations, lockTimeout = "2s" },
        secrets = new { connectionString = $"Data Source={Path.Combine(_work, "app.db")}" },
    };

    private string WriteMigrations()
    {
        var root = Path.Combine(_work, "migrations");
        Directory.CreateDirectory(Path.Combine(root, "1.0.0"));
        Directory.CreateDirectory(Path.Combine(root, "1.1.0"));
        File.WriteAllText(Path.Combine(root, "1.0.0", "0001_create_users.expand.sql"), "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);");
        File.WriteAllText(Path.Combine(root, "1.1.0", "0001_add_email.expand.sql"), "ALTER TABLE users ADD COLUMN email TEXT;");
        return root;
    }

    /// <summary>Copies the deployed db-migrations plugin into a portal's plugins folder, as an operator drops it in.</summary>
    internal static void CopyPlugin(string pluginsDirectory)
    {
        var source = Path.Combine(TempPortalHome.RepoRoot(), "plugins", "DbMigrations");
        Assert.True(File.Exists(Path.Combine(source, "plugin.json")), $"The DbMigrations plugin is not deployed to {source}; build src/Plugins/DbMigrations first.");
        var target = Path.Combine(pluginsDirectory, "DbMigrations");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private bool HasTable(string table)
    {
        if (!File.Exists(Path.Combine(_work, "app.db")))
        {
            return false;
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_work, "app.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM sqlite_master WHERE name = '{table}';";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
