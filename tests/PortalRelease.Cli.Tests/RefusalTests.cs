namespace PortalRelease.Cli.Tests;

/// <summary>
/// Answers the tool turns into exit 3 (retry later, or ask for another token), and a portal address with a user and
/// password in it, which no message may repeat.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class RefusalTests(CliFixture portal)
{
    private const string Password = "s3cret-in-url";

    [Theory]
    [InlineData("429 Too Many Requests")]
    [InlineData("408 Request Timeout")]
    public async Task ReleaseGet_PortalBusyOrTimedOut_ExitsThree(string status)
    {
        using var server = new RawServer((_, stream) => RawServer.JsonAsync(stream, status, """{"title":"Slow down.","status":429}"""));

        var run = await portal.PortalAsync("release", "get", "abc", "--url", server.Url, "--token", "prt_token");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("error: the portal failed or is busy", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseGet_Forbidden_ExitsThreeSayingTheTokenMayNotDoThis()
    {
        using var server = new RawServer((_, stream) => RawServer.JsonAsync(stream, "403 Forbidden",
            """{"title":"Forbidden.","status":403,"detail":"Viewing releases needs the viewer role in staging."}"""));

        var run = await portal.PortalAsync("release", "get", "abc", "--url", server.Url, "--token", "prt_token");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("The token may not do this", run.Error, StringComparison.Ordinal);
        Assert.Contains("Viewing releases needs the viewer role in staging.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_UserAndPasswordInThePortalAddress_NeverPrintsThem()
    {
        var live = new UriBuilder(portal.PortalUrl) { UserName = "ci", Password = Password }.Uri.ToString();
        using var refusing = new RawServer((_, stream) => RawServer.JsonAsync(stream, "401 Unauthorized", """{"title":"Unauthorized.","status":401}"""));
        var closed = $"http://ci:{Password}@127.0.0.1:9/";

        var list = await portal.PortalWithAsync(new Dictionary<string, string?> { ["PORTAL_URL"] = live }, null, "release", "list");
        // Its started line is followed by the link to the release page, built on the portal's address.
        var start = await portal.PortalWithAsync(new Dictionary<string, string?> { ["PORTAL_URL"] = live }, null,
            "release", "start", "quick-canary", "--version", "7.1.0");
        if (start.Lines is [var first, ..] && first.Split(' ') is [_, var id, ..])
        {
            await portal.AbortAndSettleAsync(id);
        }
        var unreachable = await portal.PortalWithAsync(new Dictionary<string, string?> { ["PORTAL_URL"] = closed }, null, "release", "get", "abc");
        var unauthorised = await portal.PortalAsync("release", "get", "abc", "--url", $"http://ci:{Password}@127.0.0.1:{refusing.Port}/");
        var wrongScheme = await portal.PortalAsync("release", "get", "abc", "--url", $"ftp://ci:{Password}@example.com/");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.True(start.ExitCode == 0, start.ToString());
        Assert.Contains(start.Lines, l => l.StartsWith($"{portal.PortalUrl}releases/", StringComparison.Ordinal));
        Assert.True(unreachable.ExitCode == 3, unreachable.ToString());
        Assert.True(unauthorised.ExitCode == 3, unauthorised.ToString());
        Assert.True(wrongScheme.ExitCode == 2, wrongScheme.ToString());
        Assert.Contains("ignoring the user name and password in the portal's address", list.Error, StringComparison.Ordinal);
        foreach (var run in new[] { list, start, unreachable, unauthorised, wrongScheme })
        {
            Assert.DoesNotContain(Password, run.Output + run.Error, StringComparison.Ordinal);
        }
        // Nor is it sent: the tool drops it, the portal never sees it.
        Assert.All(refusing.Requests, request => Assert.DoesNotContain("Authorization: Basic", request, StringComparison.OrdinalIgnoreCase));
    }
}
