using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>What the on-call view reads of the journal besides whole releases' events.</summary>
public sealed class OnCallQueries(PortalDatabase connections)
{
    /// <summary>Releases that asked for a rollback or an abort at or after <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<string>> RemediatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            // Journal times are fixed-width ISO text in UTC: compared as text, they compare as times.
            "SELECT DISTINCT release_id FROM journal WHERE type IN ('RollbackRequested', 'AbortRequested') AND at >= @since",
            new { since = DbTime.Format(since) },
            cancellationToken: cancellationToken));
        return ids.AsList();
    }
}
