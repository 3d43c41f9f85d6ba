using System.Data.Common;
using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>
/// What changed, named in the cluster's wake-up (<c>portal_wake</c> on PostgreSQL): state every node keeps a copy of
/// in memory, which a node must drop when another node changes it in the database.
/// </summary>
public static class ClusterChange
{
    /// <summary>Stored grants, accounts' groups or disabled state: every node forgets its cached grants.</summary>
    public const string Access = "access";

    /// <summary>The service catalog (who owns which service, which access decisions read): every node reloads it.</summary>
    public const string Services = "services";

    /// <summary>
    /// Tells every node, in <paramref name="transaction"/>, that <paramref name="what"/> changed: PostgreSQL delivers the
    /// notification when the transaction commits and not at all when it rolls back, so no node hears of a change that
    /// did not happen, nor misses one that did while it listened. Nothing on SQLite, where one process holds the file.
    /// </summary>
    public static async Task SignalAsync(PortalDatabase database, DbConnection connection, DbTransaction transaction, string what, CancellationToken cancellationToken)
    {
        if (database.Dialect.ClusterWake is { } sql)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { what }, transaction, cancellationToken: cancellationToken));
        }
    }
}
