using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>One row of <c>plugin_state</c>, without its plugin.</summary>
public sealed record PluginStateRow(string Key, byte[] Value, long Version, DateTimeOffset UpdatedAt);

/// <summary>
/// The <c>plugin_state</c> table behind every plugin's <c>IPluginStateStore</c>, and the named locks behind its
/// <c>IPluginLockProvider</c>. Every statement is one atomic write, so nodes racing on one key need no lock: the database
/// decides (an insert that finds the key does nothing, an update that finds another version changes nothing).
/// </summary>
public sealed class PluginStateRepository(PortalDatabase database)
{
    // The highest code point: every key that starts with a prefix sorts below prefix + this (keys may not contain it), by
    // UTF-8 bytes, which is how both providers compare keys (SQLite BINARY, PostgreSQL COLLATE "C").
    private const string PrefixEnd = "\U0010FFFF";

    private const string Columns = "key AS Key, value AS Value, version AS Version, updated_at AS UpdatedAt";

    // A class, not a positional record: Dapper matches a record's constructor by exact type.
    private sealed class Row
    {
        public string Key { get; init; } = "";

        public byte[]? Value { get; init; }

        public long Version { get; init; }

        public string UpdatedAt { get; init; } = "";

        public PluginStateRow ToRow() => new(Key, Value ?? [], Version, DbTime.Parse(UpdatedAt));
    }

    public async Task<PluginStateRow?> GetAsync(string plugin, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM plugin_state WHERE plugin = @plugin AND key = @key", new { plugin, key }, cancellationToken: cancellationToken));
        return row?.ToRow();
    }

    /// <summary>Writes the key whatever it held; returns its new version.</summary>
    public async Task<long> SetAsync(string plugin, string key, byte[] value, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<long>(new CommandDefinition(
            """
            INSERT INTO plugin_state (plugin, key, value, version, updated_at) VALUES (@plugin, @key, @value, 1, @now)
            ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value, version = plugin_state.version + 1, updated_at = excluded.updated_at
            RETURNING version
            """,
            new { plugin, key, value, now = DbTime.Format(now) }, cancellationToken: cancellationToken));
    }

    /// <summary>Adds the key at version 1 unless it exists; null when it did (nothing changed).</summary>
    public async Task<long?> TryAddAsync(string plugin, string key, byte[] value, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            INSERT INTO plugin_state (plugin, key, value, version, updated_at) VALUES (@plugin, @key, @value, 1, @now)
            ON CONFLICT (plugin, key) DO NOTHING
            RETURNING version
            """,
            new { plugin, key, value, now = DbTime.Format(now) }, cancellationToken: cancellationToken));
    }

    /// <summary>Replaces the value while the key has <paramref name="expectedVersion"/>; the new version, or null (nothing changed).</summary>
    public async Task<long?> TrySetAsync(string plugin, string key, long expectedVersion, byte[] value, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            UPDATE plugin_state SET value = @value, version = version + 1, updated_at = @now
            WHERE plugin = @plugin AND key = @key AND version = @expectedVersion
            RETURNING version
            """,
            new { plugin, key, expectedVersion, value, now = DbTime.Format(now) }, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(string plugin, string key, long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM plugin_state WHERE plugin = @plugin AND key = @key AND (@any = 1 OR version = @expectedVersion)",
            new { plugin, key, any = expectedVersion is null ? 1 : 0, expectedVersion = expectedVersion ?? 0 }, cancellationToken: cancellationToken));
        return deleted > 0;
    }

    /// <summary>The keys starting with <paramref name="prefix"/> after <paramref name="after"/>, in key order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<PluginStateRow>> ListAsync(string plugin, string prefix, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // A range of the primary key: from the prefix (or just after the last key read) to the prefix's end.
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM plugin_state
            WHERE plugin = @plugin AND key >= @prefix AND key < @end AND key > @after
            ORDER BY key LIMIT @limit
            """,
            new { plugin, prefix, end = prefix + PrefixEnd, after = after ?? "", limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRow())];
    }

    /// <summary>
    /// Takes the plugin's lock <paramref name="name"/> (across nodes on PostgreSQL, in this process on SQLite) until the
    /// handle is disposed; <see cref="TimeoutException"/> when it is still held after <paramref name="timeout"/>.
    /// </summary>
    public Task<IAsyncDisposable> LockAsync(string plugin, string name, TimeSpan timeout, CancellationToken cancellationToken) =>
        database.AcquireNamedLockAsync("plugin:" + plugin + ":" + name, timeout, cancellationToken);
}
