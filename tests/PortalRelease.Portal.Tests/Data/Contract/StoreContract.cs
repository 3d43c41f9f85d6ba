using System.Data.Common;
using System.Text.Json;
using Dapper;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>
/// The base of every store's contract: each test gets a fresh, migrated database of one provider. A contract is
/// written once as an abstract <c>XxxContract</c> and run twice, by a sealed <c>SqliteXxxContract</c> (no server) and a
/// sealed <c>PostgresXxxContract</c> in the PostgreSQL collection (its <see cref="PostgresServer"/>), so xUnit reports
/// each test per provider and a behaviour that differs between them fails on one.
/// </summary>
public abstract class StoreContract(PostgresServer? server) : IAsyncLifetime
{
    /// <summary>A time with every digit DbTime keeps (100 ns) and an offset that is not UTC.</summary>
    protected static readonly DateTimeOffset PreciseLocalTime = new DateTimeOffset(2026, 11, 26, 12, 34, 56, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    /// <summary>A value past <see cref="int.MaxValue"/>: a column or binding that keeps 32 bits loses it.</summary>
    protected const long Beyond32Bits = 5_000_000_123;

    private ContractDatabase? _database;

    protected bool OnPostgres => server is not null;

    protected PortalDatabase Database => _database!.Database;

    /// <summary>The journal's one writer over <see cref="Database"/>.</summary>
    protected JournalWriter Writer => _database!.Writer;

    public async Task InitializeAsync() => _database = await ContractDatabase.CreateAsync(server);

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A release (and the template it names) created through the journal writer, then <paramref name="payloads"/> appended.</summary>
    protected async Task CreateReleaseAsync(string id, DateTimeOffset? createdAt = null, params object[] payloads)
    {
        var at = createdAt ?? DateTimeOffset.UtcNow;
        await new TemplateRepository(Database).SaveAsync("t", null, "name: t", "test", at);
        var record = new ReleaseRecord(id, "t", 1, "1.0.0", "{}", "{}", at, "test");
        await Writer.CreateReleaseAsync(record, [EventDraft.Of(new ReleaseCreated("t", 1, "1.0.0", new Dictionary<string, object?>()), "test")]);
        if (payloads.Length > 0)
        {
            await Writer.AppendAsync(id, payloads.Select(Draft).ToArray());
        }
    }

    /// <summary>A draft of <paramref name="payload"/> typed by its class name, as the engine journals it.</summary>
    protected static EventDraft Draft(object payload) =>
        new(payload.GetType().Name, "engine", JsonSerializer.SerializeToElement(payload, payload.GetType(), JournalJson.Options));

    /// <summary>
    /// Runs <paramref name="sql"/> as a caller bypassing the stores would, and asserts the database refused it as an
    /// append-only change, on either provider alike (the dialect recognises it, and the message says so).
    /// </summary>
    protected async Task AssertAppendOnlyRefusedAsync(string sql)
    {
        await using var connection = await Database.OpenAsync();
        var error = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(sql));
        Assert.True(Database.Dialect.IsAppendOnlyViolation(error), $"{sql}: {error.Message}");
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    /// <summary>One scalar read straight from the database.</summary>
    protected async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}
