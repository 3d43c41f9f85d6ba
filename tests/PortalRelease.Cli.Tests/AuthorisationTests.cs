namespace PortalRelease.Cli.Tests;

/// <summary>Exit code 3 is also "not authorised": a portal outside development mode refuses calls without a valid API token.</summary>
[Collection(CliCollection.Name)]
public sealed class AuthorisationTests(CliFixture tool)
{
    [Fact]
    public async Task ReleaseStart_NoTokenOrAnUnknownOne_ExitsThreeSayingWhy()
    {
        using var home = new PortalHome();
        // Local accounts, the embedded default: /api takes API tokens only.
        var (portal, address) = await home.StartPortalAsync(arguments: ["--Portal:Auth:Mode=Local"]);
        await using var running = portal;

        var none = await tool.PortalAsync("release", "start", "quick-canary", "--version", "8.0.0", "--wait", "--url", address.ToString());
        var unknown = await tool.PortalAsync("release", "get", "abc", "--url", address.ToString(), "--token", "prt_not-a-token");

        Assert.True(none.ExitCode == 3, none.ToString());
        Assert.Contains("error: not authorised by", none.Error);
        Assert.Contains("401", none.Error);
        Assert.True(unknown.ExitCode == 3, unknown.ToString());
        Assert.Contains("The API token is unknown, expired or revoked.", unknown.Error);
    }
}
