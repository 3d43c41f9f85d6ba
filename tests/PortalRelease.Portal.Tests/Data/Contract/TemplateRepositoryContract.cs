using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>templates</c> table: versions numbered per name, an identical save kept as it was.</summary>
public abstract class TemplateRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private TemplateRepository Templates => new(Database);

    [Fact]
    public async Task Save_NewYamlThenSameYaml_NumbersVersionsAndKeepsAnIdenticalSave()
    {
        Assert.False(await Templates.AnyAsync());
        var (first, created) = await Templates.SaveAsync("web", "the web", "name: web # ünï ✓", "alice", PreciseLocalTime);
        Assert.True(created);
        var (same, createdAgain) = await Templates.SaveAsync("web", "ignored", "name: web # ünï ✓", "bob", DateTimeOffset.UtcNow);
        Assert.False(createdAgain);
        Assert.Equal(first, same);
        var (second, _) = await Templates.SaveAsync("web", null, "name: web\nv: 2", "bob", PreciseLocalTime.AddDays(1));

        Assert.Equal((1L, 2L), (first.Version, second.Version));
        Assert.True(await Templates.AnyAsync());
        var stored = await Templates.GetAsync("web", 1);
        Assert.Equal(first, stored);
        Assert.Equal(TimeSpan.Zero, stored!.CreatedAt.Offset);
        Assert.Null((await Templates.GetLatestAsync("web"))!.Description);
        Assert.Equal([2L, 1], (await Templates.ListVersionsAsync("web")).Select(t => t.Version));
        Assert.Null(await Templates.GetAsync("web", 3));
        Assert.Null(await Templates.GetLatestAsync("WEB"));
    }

    [Fact]
    public async Task ListLatest_SeveralTemplates_NewestVersionOfEachInByteOrderOfName()
    {
        foreach (var name in new[] { "b", "a-b", "B", "ab", "a" })
        {
            await Templates.SaveAsync(name, null, $"name: {name}", "alice", PreciseLocalTime);
        }
        await Templates.SaveAsync("a", null, "name: a\nv: 2", "alice", PreciseLocalTime);

        var latest = await Templates.ListLatestAsync();

        Assert.Equal(["B", "a", "a-b", "ab", "b"], latest.Select(t => t.Name));
        Assert.Equal(2, latest[1].Version);
    }

    [Fact]
    public async Task Save_TwelveImportsOfOneTemplateAtOnce_EachGetsItsOwnVersion()
    {
        var saves = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            Templates.SaveAsync("web", null, $"name: web\nimport: {i}", "alice", PreciseLocalTime))));

        Assert.Equal(Enumerable.Range(1, 12).Select(v => (long)v), saves.Select(s => s.Record.Version).Order());
        Assert.Equal(12, (await Templates.ListVersionsAsync("web")).Count);
    }
}

public sealed class SqliteTemplateRepositoryContract() : TemplateRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTemplateRepositoryContract(PostgresServer server) : TemplateRepositoryContract(server);
