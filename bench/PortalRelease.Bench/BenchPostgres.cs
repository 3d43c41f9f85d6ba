using System.Diagnostics;
using System.Security.Cryptography;

namespace PortalRelease.Bench;

/// <summary>
/// A throwaway database on PostgreSQL for the cluster scenarios: the one given with <c>--pg "&lt;connection string&gt;"</c>
/// (used as it is, never dropped), or else Debian's <c>15/main</c> cluster on this machine, started if it is down and
/// given a role and a database of this run's own (as root, through <c>runuser -u postgres</c>), both dropped at the end.
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string? _role;

    private BenchPostgres(string connectionString, string? role)
    {
        ConnectionString = connectionString;
        _role = role;
    }

    public string ConnectionString { get; }

    public static async Task<BenchPostgres> StartAsync(string[] args)
    {
        if (BenchArgs.Value(args, "--pg") is { Length: > 0 } given)
        {
            return new BenchPostgres(given, null);
        }
        if (Run("pg_ctlcluster", "15", "main", "status").ExitCode != 0)
        {
            var start = Run("pg_ctlcluster", "15", "main", "start");
            if (start.ExitCode is not (0 or 2))
            {
                throw new InvalidOperationException($"pg_ctlcluster 15 main start failed ({start.ExitCode}): {start.Output}. Install Debian's postgresql package or pass --pg \"<connection string>\".");
            }
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Run("pg_isready", "-h", "127.0.0.1", "-p", "5432").ExitCode != 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("PostgreSQL did not accept connections on 127.0.0.1:5432 within 30 s.");
            }
            await Task.Delay(100);
        }
        var role = "portal_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        Psql($"CREATE ROLE {role} LOGIN PASSWORD '{password}';");
        Psql($"CREATE DATABASE {role} OWNER {role};");
        return new BenchPostgres($"Host=127.0.0.1;Port=5432;Database={role};Username={role};Password={password};Maximum Pool Size=25", role);
    }

    public ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (_role is not null)
        {
            Psql($"DROP DATABASE IF EXISTS {_role} WITH (FORCE);");
            Psql($"DROP ROLE IF EXISTS {_role};");
        }
        return ValueTask.CompletedTask;
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
}
