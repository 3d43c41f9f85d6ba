using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>
/// The <c>plugin_state</c> table under the plugins' state store: versions counted per key, bytes kept exactly, keys
/// compared and listed by their bytes. (The SDK-level contract, nodes racing and locks, is PluginStateStoreTests.)
/// </summary>
public abstract class PluginStateRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private PluginStateRepository State => new(Database);

    [Fact]
    public async Task Set_AnyBytes_ReadBackExactlyWithVersionAndUtcTime()
    {
        byte[] value = [0, 1, 0xFF, 0xFE, (byte)'\n', 0];

        Assert.Equal(1, await State.SetAsync("p", "k", value, PreciseLocalTime, CancellationToken.None));
        Assert.Equal(2, await State.SetAsync("p", "k", value, PreciseLocalTime.AddSeconds(1), CancellationToken.None));

        var row = await State.GetAsync("p", "k", CancellationToken.None);
        Assert.Equal(("k", 2L), (row!.Key, row.Version));
        Assert.Equal(value, row.Value);
        Assert.Equal((PreciseLocalTime.AddSeconds(1), TimeSpan.Zero), (row.UpdatedAt, row.UpdatedAt.Offset));
        Assert.Null(await State.GetAsync("p", "K", CancellationToken.None));
        Assert.Null(await State.GetAsync("P", "k", CancellationToken.None));
    }

    [Fact]
    public async Task TryAddTrySetDelete_ConditionsOnPresenceAndVersion_ChangeOnlyWhenTheyHold()
    {
        Assert.Equal(1, await State.TryAddAsync("p", "k", [1], PreciseLocalTime, CancellationToken.None));
        Assert.Null(await State.TryAddAsync("p", "k", [2], PreciseLocalTime, CancellationToken.None));
        Assert.Null(await State.TrySetAsync("p", "k", 7, [3], PreciseLocalTime, CancellationToken.None));
        Assert.Equal(2, await State.TrySetAsync("p", "k", 1, [4], PreciseLocalTime, CancellationToken.None));
        Assert.Null(await State.TrySetAsync("p", "ghost", 1, [5], PreciseLocalTime, CancellationToken.None));
        Assert.Equal([4], (await State.GetAsync("p", "k", CancellationToken.None))!.Value);

        Assert.False(await State.DeleteAsync("p", "k", 1, CancellationToken.None));
        Assert.True(await State.DeleteAsync("p", "k", 2, CancellationToken.None));
        Assert.False(await State.DeleteAsync("p", "k", null, CancellationToken.None));
        Assert.Equal(1, await State.TryAddAsync("p", "k", [6], PreciseLocalTime, CancellationToken.None));
    }

    [Fact]
    public async Task List_PrefixAfterAndLimit_ByteOrderWithinOnePlugin()
    {
        foreach (var key in new[] { "a/b", "a/B", "a/a-b", "a/ab", "a/\u00e9", "a", "b/x" })
        {
            await State.SetAsync("p", key, [1], PreciseLocalTime, CancellationToken.None);
        }
        await State.SetAsync("q", "a/0", [1], PreciseLocalTime, CancellationToken.None);

        Assert.Equal(["a/B", "a/a-b", "a/ab", "a/b", "a/\u00e9"], (await State.ListAsync("p", "a/", null, 100, CancellationToken.None)).Select(r => r.Key));
        Assert.Equal(["a/ab", "a/b"], (await State.ListAsync("p", "a/", "a/a-b", 2, CancellationToken.None)).Select(r => r.Key));
    }
}

public sealed class SqlitePluginStateRepositoryContract() : PluginStateRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPluginStateRepositoryContract(PostgresServer server) : PluginStateRepositoryContract(server);
