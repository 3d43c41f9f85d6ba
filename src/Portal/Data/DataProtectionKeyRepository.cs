using System.Data.Common;
using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>
/// The <c>data_protection_keys</c> table: the Data Protection key ring every node of a cluster shares. Rows are only
/// added; the XML is stored as Data Protection hands it over (its secret parts already encrypted to the certificate).
/// </summary>
public sealed class DataProtectionKeyRepository(PortalDatabase connections)
{
    /// <summary>Every stored element's XML, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name", cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Stores one element; returns the name it was stored under.</summary>
    public async Task<string> AddAsync(string friendlyName, string xml, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await AddAsync(connection, null, friendlyName, xml, createdAt, cancellationToken);
    }

    /// <summary>
    /// Stores one element on <paramref name="connection"/> (inside <paramref name="transaction"/> when given). The name
    /// is only a label (Data Protection reads keys by the ids inside the XML), so an element whose name is taken is kept
    /// under a unique variant rather than dropped: losing a revocation or a key would be worse than an odd label.
    /// </summary>
    public static async Task<string> AddAsync(
        DbConnection connection, DbTransaction? transaction, string friendlyName, string xml, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        const string Insert = """
            INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, @createdAt)
            ON CONFLICT (friendly_name) DO NOTHING
            """;
        var name = friendlyName;
        while (await connection.ExecuteAsync(new CommandDefinition(
            Insert, new { name, xml, createdAt = DbTime.Format(createdAt) }, transaction, cancellationToken: cancellationToken)) == 0)
        {
            name = $"{friendlyName}-{Guid.NewGuid():N}";
        }
        return name;
    }
}
