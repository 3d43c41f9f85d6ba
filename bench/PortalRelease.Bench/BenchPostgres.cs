using PortalRelease.Testing;

namespace PortalRelease.Bench;

/// <summary>
/// A throwaway database on PostgreSQL for the cluster scenarios: the one given with <c>--pg "&lt;connection string&gt;"</c>
/// (used as it is, never dropped), or else Debian's <c>15/main</c> cluster on this machine (<see cref="DebianPostgres"/>,
/// the tests' too), started if it is down and given a role and a database of this run's own, both dropped at the end.
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private readonly DebianPostgres? _local;

    private BenchPostgres(string connectionString, DebianPostgres? local)
    {
        ConnectionString = connectionString;
        _local = local;
    }

    public string ConnectionString { get; }

    public static async Task<BenchPostgres> StartAsync(string[] args)
    {
        if (BenchArgs.Value(args, "--pg") is { Length: > 0 } given)
        {
            return new BenchPostgres(given, null);
        }
        var local = await DebianPostgres.StartAsync("portal_bench_");
        var database = await local.CreateDatabaseAsync();
        // 25 connections a node: three nodes and their listeners fit PostgreSQL's default of 100.
        return new BenchPostgres(local.ConnectionStringFor(database) + ";Maximum Pool Size=25", local);
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }
    }
}
