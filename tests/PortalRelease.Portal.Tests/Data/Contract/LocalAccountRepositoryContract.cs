using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>
/// The <c>local_accounts</c> and <c>local_account_groups</c> tables: unique ids, failure counting and lockout, and
/// every change that ends sessions guarded by the security stamp the caller read.
/// </summary>
public abstract class LocalAccountRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private LocalAccountRepository Accounts => new(Database);

    private static LocalAccountRecord Account(string id, params string[] groups) =>
        new(id, id + " ✓", "hash-" + id, "stamp-1", 0, null, true, groups);

    [Fact]
    public async Task Create_IdTakenOrDifferingInCase_FirstWinsAndEveryFieldReadsBack()
    {
        Assert.False(await Accounts.AnyAsync());
        Assert.True(await Accounts.CreateAsync(Account("admin", "ops", "admins"), PreciseLocalTime));
        Assert.False(await Accounts.CreateAsync(Account("admin", "mallory"), PreciseLocalTime));
        Assert.True(await Accounts.CreateAsync(Account("Admin"), PreciseLocalTime));

        var stored = await Accounts.FindAsync("admin");
        Assert.Equal(("admin ✓", "hash-admin", "stamp-1", 0, true), (stored!.DisplayName, stored.PasswordHash, stored.SecurityStamp, stored.FailedCount, stored.MustChange));
        Assert.Equal(["admins", "ops"], stored.Groups);
        Assert.Equal((PreciseLocalTime, TimeSpan.Zero), (stored.CreatedAt!.Value, stored.CreatedAt.Value.Offset));
        Assert.Null(stored.LockedUntil);
        Assert.False(stored.Disabled);
        Assert.True(await Accounts.AnyAsync());
        Assert.Equal(["Admin", "admin"], (await Accounts.ListAsync()).Select(a => a.Id));
        Assert.Null(await Accounts.FindAsync("ADMIN"));
    }

    [Fact]
    public async Task RecordFailure_ReachingTheLimit_LocksAndSuccessOrUnlockClears()
    {
        await Accounts.CreateAsync(Account("alice"), PreciseLocalTime);

        await Accounts.RecordFailureAsync("alice", 3, TimeSpan.FromMinutes(15), PreciseLocalTime);
        await Accounts.RecordFailureAsync("alice", 3, TimeSpan.FromMinutes(15), PreciseLocalTime);
        Assert.Equal((2, (DateTimeOffset?)null), await StateAsync());
        await Accounts.RecordFailureAsync("alice", 3, TimeSpan.FromMinutes(15), PreciseLocalTime);
        Assert.Equal((0, PreciseLocalTime.AddMinutes(15)), await StateAsync());

        await Accounts.RecordFailureAsync("alice", 3, TimeSpan.FromMinutes(15), PreciseLocalTime);
        await Accounts.RecordSuccessAsync("alice", PreciseLocalTime.AddHours(1));
        Assert.Equal((0, (DateTimeOffset?)null), await StateAsync());
        Assert.Equal(PreciseLocalTime.AddHours(1), (await Accounts.FindAsync("alice"))!.LastSignInAt);

        await Accounts.RecordFailureAsync("alice", 1, TimeSpan.FromMinutes(15), PreciseLocalTime);
        Assert.True(await Accounts.UnlockAsync("alice"));
        Assert.False(await Accounts.UnlockAsync("ghost"));
        Assert.Equal((0, (DateTimeOffset?)null), await StateAsync());

        async Task<(int, DateTimeOffset?)> StateAsync()
        {
            var account = await Accounts.FindAsync("alice");
            return (account!.FailedCount, account.LockedUntil);
        }
    }

    [Fact]
    public async Task RecordFailure_ManyGuessesAtOnce_EachCounts()
    {
        await Accounts.CreateAsync(Account("alice"), PreciseLocalTime);

        await Task.WhenAll(Enumerable.Range(0, 7).Select(_ => Task.Run(() => Accounts.RecordFailureAsync("alice", 100, TimeSpan.FromMinutes(15), PreciseLocalTime))));

        Assert.Equal(7, (await Accounts.FindAsync("alice"))!.FailedCount);
    }

    [Fact]
    public async Task PasswordChanges_StaleStamp_ChangeNothing()
    {
        await Accounts.CreateAsync(Account("alice"), PreciseLocalTime);

        Assert.True(await Accounts.SetPasswordAsync("alice", "stamp-1", "hash-2", "stamp-2", PreciseLocalTime));
        Assert.False(await Accounts.SetPasswordAsync("alice", "stamp-1", "hash-stale", "stamp-x", PreciseLocalTime));
        var changed = await Accounts.FindAsync("alice");
        Assert.Equal(("hash-2", "stamp-2", false), (changed!.PasswordHash, changed.SecurityStamp, changed.MustChange));

        await Accounts.RecordFailureAsync("alice", 1, TimeSpan.FromMinutes(15), PreciseLocalTime);
        Assert.False(await Accounts.ResetPasswordAsync("alice", "stamp-1", "hash-stale", "stamp-x", PreciseLocalTime));
        Assert.True(await Accounts.ResetPasswordAsync("alice", "stamp-2", "hash-3", "stamp-3", PreciseLocalTime));
        var reset = await Accounts.FindAsync("alice");
        Assert.Equal(("hash-3", "stamp-3", true, (DateTimeOffset?)null), (reset!.PasswordHash, reset.SecurityStamp, reset.MustChange, reset.LockedUntil));
    }

    [Fact]
    public async Task AccessChange_UpdateAndDisableUnderTheStamp_CommitOrChangeNothing()
    {
        await Accounts.CreateAsync(Account("alice", "ops"), PreciseLocalTime);

        await using (var change = await Accounts.BeginAccessChangeAsync())
        {
            Assert.True(await change.UpdateAccountAsync("alice", "stamp-1", "Alice ✓", ["b-team", "a-team"], "stamp-2", CancellationToken.None));
            Assert.False(await change.SetDisabledAsync("alice", "stamp-1", PreciseLocalTime, "bob", "stamp-x", CancellationToken.None));
            Assert.True(await change.SetDisabledAsync("alice", "stamp-2", PreciseLocalTime, "bob", "stamp-3", CancellationToken.None));
            Assert.Equal(["a-team", "b-team"], Assert.Single(await change.AccountsAsync(CancellationToken.None)).Groups);
            await change.CommitAsync(CancellationToken.None);
        }
        await using (var abandoned = await Accounts.BeginAccessChangeAsync())
        {
            Assert.True(await abandoned.SetDisabledAsync("alice", "stamp-3", null, null, "stamp-4", CancellationToken.None));
        }

        var stored = await Accounts.FindAsync("alice");
        Assert.Equal(("Alice ✓", "stamp-3", "bob", PreciseLocalTime), (stored!.DisplayName, stored.SecurityStamp, stored.DisabledBy, stored.DisabledAt!.Value));
        Assert.Equal(["a-team", "b-team"], stored.Groups);
    }
}

public sealed class SqliteLocalAccountRepositoryContract() : LocalAccountRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLocalAccountRepositoryContract(PostgresServer server) : LocalAccountRepositoryContract(server);
