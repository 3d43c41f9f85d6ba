using PortalRelease.Plugins.Serverless.Ledger;

namespace PortalRelease.Plugins.Serverless.Tests;

public sealed class AppliedKeysTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("portalrelease-lambda-keys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Keys_survive_a_reload_and_a_torn_last_line_is_skipped()
    {
        var at = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var keys = new AppliedKeys(_directory, "lambda-eu");
        keys.Add(new AppliedKey("k-update", at, "code update", "sha-1"));
        keys.Add(new AppliedKey("k-applied", at, "routed 10%"));
        File.AppendAllText(Path.Combine(_directory, "lambda-eu" + AppliedKeys.FileSuffix), """{"Key":"k-torn","At":"2026-01""");

        var reloaded = new AppliedKeys(_directory, "lambda-eu");
        reloaded.Add(new AppliedKey("k-after", at, "promoted"));
        var again = new AppliedKeys(_directory, "lambda-eu");

        Assert.Equal("routed 10%", again.Find("k-applied")?.Detail);
        Assert.Null(again.Find("k-update"));
        Assert.Equal("sha-1", again.FindCodeUpdate("k-update")?.CodeSha256);
        Assert.Null(again.Find("k-torn"));
        Assert.Equal("promoted", again.Find("k-after")?.Detail);
    }
}
