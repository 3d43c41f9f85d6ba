using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>api_tokens</c> table: what a token was given, revoked once, touched on use, listed newest first.</summary>
public abstract class ApiTokenRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private ApiTokenRepository Tokens => new(Database);

    internal static ApiTokenRecord Token(string id, string subject, DateTimeOffset? createdAt = null) => new(
        id, subject, subject + " Name", ["ops", "ünï"], "token " + id, "sha256:" + id, "alice", createdAt ?? PreciseLocalTime,
        (createdAt ?? PreciseLocalTime).AddDays(30), null, null, null, null);

    [Fact]
    public async Task Insert_ScopedToken_ReadsBackEveryFieldWithListsAndUtcTimes()
    {
        var token = Token("tok1", "alice") with { ScopeRole = "deployer", ScopeEnvironments = ["prod"], ScopeServices = ["api", "web"], ScopeTeams = ["payments"] };
        await Tokens.InsertAsync(token);

        var stored = await Tokens.FindAsync("tok1");

        Assert.Equal((token.Id, token.Subject, token.SubjectName, token.Name, token.SecretHash, token.CreatedBy), (stored!.Id, stored.Subject, stored.SubjectName, stored.Name, stored.SecretHash, stored.CreatedBy));
        Assert.Equal(token.Groups, stored.Groups);
        Assert.Equal((PreciseLocalTime, PreciseLocalTime.AddDays(30), TimeSpan.Zero), (stored.CreatedAt, stored.ExpiresAt, stored.ExpiresAt.Offset));
        Assert.Equal("deployer", stored.ScopeRole);
        Assert.Equal(["prod"], stored.ScopeEnvironments!);
        Assert.Equal(["api", "web"], stored.ScopeServices!);
        Assert.Equal(["payments"], stored.ScopeTeams!);
        Assert.Null(stored.ServiceAccount);
        var unscoped = Token("tok2", "alice");
        await Tokens.InsertAsync(unscoped);
        var plain = await Tokens.FindAsync("tok2");
        Assert.Null(plain!.ScopeEnvironments);
        Assert.Null(plain.ScopeTeams);
        Assert.Null(await Tokens.FindAsync("TOK1"));
    }

    [Fact]
    public async Task Revoke_LiveToken_OnceOnlyAndTouchRecordsUse()
    {
        await Tokens.InsertAsync(Token("tok1", "alice"));

        Assert.True(await Tokens.RevokeAsync("tok1", "bob", PreciseLocalTime.AddHours(1)));
        Assert.False(await Tokens.RevokeAsync("tok1", "mallory", PreciseLocalTime.AddHours(2)));
        Assert.False(await Tokens.RevokeAsync("ghost", "bob", PreciseLocalTime));
        await Tokens.TouchAsync("tok1", PreciseLocalTime.AddMinutes(5), "::1");

        var stored = await Tokens.FindAsync("tok1");
        Assert.Equal((PreciseLocalTime.AddHours(1), "bob"), (stored!.RevokedAt, stored.RevokedBy));
        Assert.Equal((PreciseLocalTime.AddMinutes(5), "::1"), (stored.LastUsedAt, stored.LastUsedAddress));
    }

    [Fact]
    public async Task List_PersonServiceAccountAndEveryone_NewestFirstEach()
    {
        await Tokens.InsertAsync(Token("old", "alice", PreciseLocalTime));
        await Tokens.InsertAsync(Token("new", "alice", PreciseLocalTime.AddHours(1)));
        await Tokens.InsertAsync(Token("bobs", "bob", PreciseLocalTime.AddHours(2)));
        await Tokens.InsertAsync(Token("bot", "alice", PreciseLocalTime.AddHours(3)) with { ServiceAccount = "ci-bot" });
        await Tokens.InsertAsync(Token("upper", "ALICE", PreciseLocalTime.AddHours(4)));

        Assert.Equal(["new", "old"], (await Tokens.ListAsync("alice")).Select(t => t.Id));
        Assert.Equal(["upper", "bot", "bobs", "new", "old"], (await Tokens.ListAsync(null)).Select(t => t.Id));
        Assert.Equal(["bot"], (await Tokens.ListForServiceAccountAsync("ci-bot")).Select(t => t.Id));
        Assert.Empty(await Tokens.ListForServiceAccountAsync("CI-BOT"));
    }
}

public sealed class SqliteApiTokenRepositoryContract() : ApiTokenRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresApiTokenRepositoryContract(PostgresServer server) : ApiTokenRepositoryContract(server);
