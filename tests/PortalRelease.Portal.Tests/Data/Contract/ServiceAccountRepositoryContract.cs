using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>service_accounts</c> table: unique names, and disabling one revokes its live tokens at once.</summary>
public abstract class ServiceAccountRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private ServiceAccountRepository Accounts => new(Database);

    private static ServiceAccountRecord Account(string name) => new(name, name.ToUpperInvariant(), "deploys ✓", "alice", PreciseLocalTime, null, null);

    [Fact]
    public async Task Insert_NameTakenOrDifferingInCase_FirstWinsCaseMakesANewOne()
    {
        Assert.True(await Accounts.InsertAsync(Account("ci-bot")));
        Assert.False(await Accounts.InsertAsync(Account("ci-bot") with { Description = "again" }));
        Assert.True(await Accounts.InsertAsync(Account("CI-bot")));
        Assert.True(await Accounts.InsertAsync(Account("ci_bot")));

        var stored = await Accounts.FindAsync("ci-bot");
        Assert.Equal(Account("ci-bot"), stored);
        Assert.Equal(TimeSpan.Zero, stored!.CreatedAt.Offset);
        Assert.Equal(["CI-bot", "ci-bot", "ci_bot"], (await Accounts.ListAsync()).Select(a => a.Name));
        Assert.Null(await Accounts.FindAsync("CI-BOT"));
    }

    [Fact]
    public async Task Disable_AccountWithTokens_RevokesOnlyItsLiveTokensOnce()
    {
        await Accounts.InsertAsync(Account("ci-bot"));
        var tokens = new ApiTokenRepository(Database);
        foreach (var (id, account) in new[] { ("t2", "ci-bot"), ("t1", "ci-bot"), ("t3", "ci-bot"), ("other", "other-bot") })
        {
            await tokens.InsertAsync(ApiTokenRepositoryContract.Token(id, "svc:" + account) with { ServiceAccount = account });
        }
        await tokens.RevokeAsync("t3", "bob", PreciseLocalTime);

        Assert.Equal(["t1", "t2"], await Accounts.DisableAsync("ci-bot", "carol", PreciseLocalTime.AddHours(1)));
        Assert.Null(await Accounts.DisableAsync("ci-bot", "carol", PreciseLocalTime.AddHours(2)));
        Assert.Null(await Accounts.DisableAsync("ghost", "carol", PreciseLocalTime));

        var disabled = await Accounts.FindAsync("ci-bot");
        Assert.Equal((PreciseLocalTime.AddHours(1), "carol"), (disabled!.DisabledAt, disabled.DisabledBy));
        Assert.Equal("bob", (await tokens.FindAsync("t3"))!.RevokedBy);
        Assert.Equal("carol", (await tokens.FindAsync("t1"))!.RevokedBy);
        Assert.Null((await tokens.FindAsync("other"))!.RevokedAt);
    }
}

public sealed class SqliteServiceAccountRepositoryContract() : ServiceAccountRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresServiceAccountRepositoryContract(PostgresServer server) : ServiceAccountRepositoryContract(server);
