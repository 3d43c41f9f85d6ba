using PortalRelease.Portal.Targets.Policy;

namespace PortalRelease.Portal.Tests.Targets.Policy;

public sealed class TargetPolicyPathTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("portal-policy-").FullName;

    public TargetPolicyPathTests()
    {
        Directory.CreateDirectory(Path.Combine(_home, "dbs", "shop"));
        Directory.CreateDirectory(Path.Combine(_home, "data"));
        Directory.CreateDirectory(Path.Combine(_home, "secret"));
        File.WriteAllText(Path.Combine(_home, "secret", "key.txt"), "k");
    }

    private string Root => Path.Combine(_home, "dbs");

    [Fact]
    public void ResolvePath_RelativeAndAbsoluteInsideTheRoot_ResolveToTheFullPath()
    {
        var policy = Policy("dbs");

        Assert.Null(policy.ResolvePath("db-migrations", "shop/app.db", out var relative));
        Assert.Null(policy.ResolvePath("db-migrations", Path.Combine(Root, "shop", "other.db"), out var absolute));

        Assert.Equal(Path.Combine(Root, "shop", "app.db"), relative);
        Assert.Equal(Path.Combine(Root, "shop", "other.db"), absolute);
    }

    [Theory]
    [InlineData("../secret/key.txt")]
    [InlineData("shop/../../secret/key.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    public void ResolvePath_EscapingTheRoot_IsRefusedNamingTheKey(string path)
    {
        var reason = Policy("dbs").ResolvePath("db-migrations", path, out var full);

        Assert.Equal("The path is outside the folder Portal:TargetPolicy:Kinds:db-migrations:Root names; relative paths start there and links are followed to their target.", reason);
        Assert.Equal("", full);
    }

    [Fact]
    public void ResolvePath_LinkInsideTheRootPointingOut_IsRefused()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "shop", "app.db"), Path.Combine(_home, "secret", "key.txt"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "elsewhere"), Path.Combine(_home, "secret"));
        var policy = Policy("dbs");

        Assert.NotNull(policy.ResolvePath("db-migrations", "shop/app.db", out _));
        Assert.NotNull(policy.ResolvePath("db-migrations", "elsewhere/key.txt", out _));
        Assert.NotNull(policy.ResolvePath("db-migrations", "elsewhere/not-there.db", out _));
    }

    [Fact]
    public void ResolvePath_LinkInsideTheRootPointingInside_ResolvesToItsTarget()
    {
        Directory.CreateSymbolicLink(Path.Combine(Root, "current"), Path.Combine(Root, "shop"));

        Assert.Null(Policy("dbs").ResolvePath("db-migrations", "current/app.db", out var full));

        Assert.Equal(Path.Combine(Root, "shop", "app.db"), full);
    }

    [Fact]
    public void ResolvePath_ALoopOfLinks_IsRefusedWithoutHanging()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "a"), Path.Combine(Root, "b"));
        File.CreateSymbolicLink(Path.Combine(Root, "b"), Path.Combine(Root, "a"));

        Assert.NotNull(Policy("dbs").ResolvePath("db-migrations", "a", out _));
    }

    [Fact]
    public void ResolvePath_InsideThePortalsDataFolder_IsRefusedEvenUnderTheRoot()
    {
        var policy = Policy(".", data: Path.Combine(_home, "data"));

        var reason = policy.ResolvePath("db-migrations", "data/portal.db", out _);

        Assert.Equal("The path lies inside the portal's own data folder (Portal:DataDirectory), which no target may use.", reason);
        Assert.Null(policy.ResolvePath("db-migrations", "dbs/shop/app.db", out _));
    }

    [Fact]
    public void ResolvePath_LinkIntoTheDataFolder_IsRefused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_home, "dbs", "innocent"), Path.Combine(_home, "data"));

        var reason = Policy(".", data: Path.Combine(_home, "data")).ResolvePath("db-migrations", "dbs/innocent/portal.db", out _);

        Assert.Contains("data folder", reason);
    }

    [Fact]
    public void ResolvePath_KindWithoutARoot_IsRefusedNamingTheKey()
    {
        Assert.Equal(
            "Kind 'kubernetes' may not use host paths: Portal:TargetPolicy:Kinds:kubernetes:Root is not set.",
            Policy("dbs").ResolvePath("kubernetes", "/var/run/secrets/token", out _));
    }

    [Fact]
    public void ResolvePath_RefusalsForAnExistingAndAMissingFile_ReadTheSame()
    {
        var policy = Policy("dbs");

        var existing = policy.ResolvePath("db-migrations", "../secret/key.txt", out _);
        var missing = policy.ResolvePath("db-migrations", "../secret/nothing-here.txt", out _);

        Assert.Equal(existing, missing);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private TargetPolicy Policy(string root, string? data = null) =>
        TargetPolicyEndpointTests.Policy(root: root, home: _home, data: data ?? Path.Combine(_home, "data"));
}
