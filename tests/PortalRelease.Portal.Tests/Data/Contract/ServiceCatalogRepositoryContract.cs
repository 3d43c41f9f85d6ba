using PortalRelease.Portal.Data;
using PortalRelease.Portal.Ownership;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>services</c> table: upsert keeps who created a service, names listed in byte order.</summary>
public abstract class ServiceCatalogRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private ServiceCatalogRepository Services => new(Database);

    [Fact]
    public async Task Upsert_ExistingService_ChangesTeamKeepsCreatorAndReturnsTheStoredRow()
    {
        var created = await Services.UpsertAsync(new ServiceEntry("api", "payments", "the API ✓", "alice", PreciseLocalTime, "alice", PreciseLocalTime));
        Assert.Equal((PreciseLocalTime, TimeSpan.Zero), (created.CreatedAt, created.CreatedAt.Offset));

        var updated = await Services.UpsertAsync(new ServiceEntry("api", "core", "moved", "mallory", DateTimeOffset.UnixEpoch, "bob", PreciseLocalTime.AddDays(1)));

        Assert.Equal(new ServiceEntry("api", "core", "moved", "alice", PreciseLocalTime, "bob", PreciseLocalTime.AddDays(1)), updated);
        Assert.Equal(updated, await Services.GetAsync("api"));
        Assert.Null(await Services.GetAsync("API"));
        Assert.True(await Services.DeleteAsync("api"));
        Assert.False(await Services.DeleteAsync("api"));
        Assert.Empty(await Services.ListAsync());
    }

    [Fact]
    public async Task List_NamesDifferingInCaseAndPunctuation_InByteOrder()
    {
        foreach (var name in new[] { "b", "a-b", "API", "ab", "api" })
        {
            await Services.UpsertAsync(new ServiceEntry(name, "t", "", "alice", PreciseLocalTime, "alice", PreciseLocalTime));
        }

        Assert.Equal(["API", "a-b", "ab", "api", "b"], (await Services.ListAsync()).Select(s => s.Name));
    }
}

public sealed class SqliteServiceCatalogRepositoryContract() : ServiceCatalogRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresServiceCatalogRepositoryContract(PostgresServer server) : ServiceCatalogRepositoryContract(server);
