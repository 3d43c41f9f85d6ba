using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity.Access;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>access_grants</c> table: grants round-trip with their scopes, oldest first, removed only in an access change.</summary>
public abstract class AccessGrantRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private AccessGrantRepository Grants => new(Database);

    private static AccessGrant Grant(string id, DateTimeOffset at, GrantSubjectKind kind = GrantSubjectKind.Group) =>
        new(id, kind, "ops ✓", "deployer", ["prod", "stage"], ["api"], AccessGrant.FromDatabase, "alice", at) { Teams = ["payments"] };

    [Fact]
    public async Task Insert_SeveralGrants_ListsThemOldestFirstWithEveryScope()
    {
        await Grants.InsertAsync(Grant("g2", PreciseLocalTime.AddHours(1), GrantSubjectKind.User));
        await Grants.InsertAsync(Grant("g1", PreciseLocalTime));
        await Grants.InsertAsync(Grant("G0", PreciseLocalTime.AddHours(1)));

        var listed = await Grants.ListAsync();

        Assert.Equal(["g1", "G0", "g2"], listed.Select(g => g.Id));
        var first = listed[0];
        Assert.Equal((GrantSubjectKind.Group, "ops ✓", "deployer", "alice", AccessGrant.FromDatabase), (first.Kind, first.Subject, first.Role, first.CreatedBy, first.Source));
        Assert.Equal(["prod", "stage"], first.Environments);
        Assert.Equal(["api"], first.Services);
        Assert.Equal(["payments"], first.Teams);
        Assert.Equal((PreciseLocalTime, TimeSpan.Zero), (first.CreatedAt!.Value, first.CreatedAt.Value.Offset));
        Assert.Equal(GrantSubjectKind.User, listed[2].Kind);
    }

    [Fact]
    public async Task Insert_IdTaken_FailsAndKeepsTheFirst()
    {
        await Grants.InsertAsync(Grant("g1", PreciseLocalTime));

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Grants.InsertAsync(Grant("g1", PreciseLocalTime) with { Role = "admin" }));

        Assert.Equal("deployer", Assert.Single(await Grants.ListAsync()).Role);
    }

    [Fact]
    public async Task Delete_InAnAccessChange_RemovesOnCommitOnly()
    {
        await Grants.InsertAsync(Grant("g1", PreciseLocalTime));
        var accounts = new LocalAccountRepository(Database);

        await using (var abandoned = await accounts.BeginAccessChangeAsync())
        {
            Assert.True(await abandoned.DeleteGrantAsync("g1", CancellationToken.None));
        }
        Assert.Single(await Grants.ListAsync());
        await using (var change = await accounts.BeginAccessChangeAsync())
        {
            Assert.False(await change.DeleteGrantAsync("G1", CancellationToken.None));
            Assert.True(await change.DeleteGrantAsync("g1", CancellationToken.None));
            Assert.Empty(await change.StoredGrantsAsync(CancellationToken.None));
            await change.CommitAsync(CancellationToken.None);
        }

        Assert.Empty(await Grants.ListAsync());
    }
}

public sealed class SqliteAccessGrantRepositoryContract() : AccessGrantRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAccessGrantRepositoryContract(PostgresServer server) : AccessGrantRepositoryContract(server);
