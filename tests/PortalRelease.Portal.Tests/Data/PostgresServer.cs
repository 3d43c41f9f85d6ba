using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Data.Postgres;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// Debian's PostgreSQL 15 (the <c>postgresql</c> package; tests/run-all.sh installs it): starts the <c>15/main</c>
/// cluster if it is down (as root, <c>pg_ctlcluster 15 main start</c>), creates a throwaway login role with CREATEDB
/// for this test run, and drops the role and every database it created on dispose. Each test gets its own database.
/// The DbMigrations plugin's tests have the same fixture and may run at the same time: role names are random per run
/// (and prefixed per assembly), and a cluster another process started in between counts as started.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _role = "portal_pt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
    private readonly SemaphoreSlim _templateGate = new(1, 1);
    private string? _template;

    /// <summary>The role's password: random per run.</summary>
    public string Password { get; } = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public string AdminConnectionString => $"Host=127.0.0.1;Port=5432;Database=postgres;Username={_role};Password={Password};Pooling=false";

    public string ConnectionStringFor(string database) => $"Host=127.0.0.1;Port=5432;Database={database};Username={_role};Password={Password}";

    /// <summary>The settings that put a portal (a node) on <paramref name="database"/>.</summary>
    public Dictionary<string, string> PortalSettings(string database) => new()
    {
        ["Portal:Storage:Provider"] = "Postgres",
        ["Portal:Storage:ConnectionString"] = ConnectionStringFor(database),
    };

    public async Task InitializeAsync()
    {
        if (Run("pg_ctlcluster", "15", "main", "status").ExitCode != 0)
        {
            var start = Run("pg_ctlcluster", "15", "main", "start");
            // 2: already running (another test process started it in between).
            if (start.ExitCode is not (0 or 2))
            {
                throw new InvalidOperationException($"pg_ctlcluster 15 main start failed ({start.ExitCode}): {start.Output}. Is Debian's postgresql package installed (apt-get install postgresql)?");
            }
        }

        await WaitUntilAsync(() => Run("pg_isready", "-h", "127.0.0.1", "-p", "5432").ExitCode == 0, "pg_isready on 127.0.0.1:5432");
        Psql($"CREATE ROLE {_role} LOGIN CREATEDB PASSWORD '{Password}';");
    }

    /// <summary>Creates an empty database owned by the run's role.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = _role + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>
    /// A database the portal's migrations have already run on, copied from a template migrated once per run (a copy
    /// takes a fraction of what migrating does). The template collates text by ICU's en-US rules, as a server set up
    /// with a language's locale does (Debian's own cluster collates C.UTF-8, byte order): a store that relies on the
    /// database's default order of text, rather than asking for byte order, shows it here.
    /// </summary>
    public async Task<string> CreateMigratedDatabaseAsync()
    {
        await _templateGate.WaitAsync();
        try
        {
            _template ??= await CreateTemplateAsync();
        }
        finally
        {
            _templateGate.Release();
        }
        var name = _role + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {_template};", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    private async Task<string> CreateTemplateAsync()
    {
        var name = _role + "_template";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US';", connection);
            await command.ExecuteNonQueryAsync();
        }
        // Unpooled, so no session is left on the template: PostgreSQL copies a database only while nobody is connected to it.
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = ConnectionStringFor(name) + ";Pooling=false" };
        await using var database = new PostgresDatabase(Options.Create(options));
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return name;
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE);", connection);
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException ex) when (ex.SqlState == "42501")
        {
            // An autovacuum worker on the new database belongs to no role ours may signal: the superuser drops it.
            Psql($"DROP DATABASE IF EXISTS {name} WITH (FORCE);");
        }
    }

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // Databases a failed test left behind go with the role.
        var leftovers = Run("runuser", "-u", "postgres", "--", "psql", "-At", "-c", $"SELECT datname FROM pg_database WHERE datname LIKE '{_role}%';");
        foreach (var database in leftovers.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Psql($"DROP DATABASE IF EXISTS {database} WITH (FORCE);");
        }

        Psql($"DROP ROLE IF EXISTS {_role};");
        return Task.CompletedTask;
    }

    private static void Psql(string sql)
    {
        var result = Run("runuser", "-u", "postgres", "--", "psql", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql as postgres failed ({result.ExitCode}): {result.Output}");
        }
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Gave up after 30 s waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>The portal tests that need PostgreSQL share one <see cref="PostgresServer"/> (one role) per run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres-portal";
}
