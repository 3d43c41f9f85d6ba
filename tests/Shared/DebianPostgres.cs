using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace PortalRelease.Testing;

/// <summary>
/// Debian's PostgreSQL 15 on this machine (the <c>postgresql</c> package; tests/run-all.sh installs it) with a login
/// role of one run's own: starts the <c>15/main</c> cluster if it is down (as root, <c>pg_ctlcluster 15 main start</c>),
/// creates the role with CREATEDB and a random password, makes databases owned by it, and on dispose drops every
/// database whose name starts with the role's and then the role. One source file, linked into each project that needs
/// it (the portal's and the DbMigrations plugin's test fixtures, the bench), which may run at the same time: role
/// names are random (prefixed per user), and a cluster another process started in between counts as started.
/// </summary>
internal sealed class DebianPostgres : IAsyncDisposable
{
    private const string Server = "Host=127.0.0.1;Port=5432";

    private DebianPostgres(string role) => Role = role;

    /// <summary>The run's role; every database it makes is named after it.</summary>
    public string Role { get; }

    /// <summary>The role's password: random per run (tests check it never appears in a message).</summary>
    public string Password { get; } = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>The role on the <c>postgres</c> database, unpooled: for creating and dropping databases.</summary>
    public string AdminConnectionString => $"{Server};Database=postgres;Username={Role};Password={Password};Pooling=false";

    public string ConnectionStringFor(string database) => $"{Server};Database={database};Username={Role};Password={Password}";

    /// <summary>Starts the cluster if it is down, waits until it accepts connections and creates a role named <paramref name="rolePrefix"/> and random hex.</summary>
    public static async Task<DebianPostgres> StartAsync(string rolePrefix)
    {
        if (Run("pg_ctlcluster", "15", "main", "status").ExitCode != 0)
        {
            var start = Run("pg_ctlcluster", "15", "main", "start");
            // 2: already running (another process started it in between).
            if (start.ExitCode is not (0 or 2))
            {
                throw new InvalidOperationException($"pg_ctlcluster 15 main start failed ({start.ExitCode}): {start.Output}. Is Debian's postgresql package installed (apt-get install postgresql)?");
            }
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Run("pg_isready", "-h", "127.0.0.1", "-p", "5432").ExitCode != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Gave up after 30 s waiting for pg_isready on 127.0.0.1:5432.");
            }
            await Task.Delay(100);
        }
        var postgres = new DebianPostgres(rolePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)));
        Psql($"CREATE ROLE {postgres.Role} LOGIN CREATEDB PASSWORD '{postgres.Password}';");
        return postgres;
    }

    /// <summary>A new database name of this run's (the role's name, then <paramref name="suffix"/> or random hex).</summary>
    public string DatabaseName(string? suffix = null) => $"{Role}_{suffix ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>Creates a database owned by the role: <c>CREATE DATABASE name</c> and then <paramref name="clause"/> (a template, a locale).</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, string clause = "")
    {
        name ??= DatabaseName();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name} {clause};", connection);
        await command.ExecuteNonQueryAsync();
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

    /// <summary>Drops every database of the run (those a failed test left behind too), then the role.</summary>
    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var leftovers = Run("runuser", "-u", "postgres", "--", "psql", "-At", "-c", $"SELECT datname FROM pg_database WHERE datname LIKE '{Role}%';");
        foreach (var database in leftovers.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Psql($"DROP DATABASE IF EXISTS {database} WITH (FORCE);");
        }
        Psql($"DROP ROLE IF EXISTS {Role};");
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs <paramref name="sql"/> as the <c>postgres</c> superuser (as root, through <c>runuser</c>).</summary>
    public static void Psql(string sql)
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
}
