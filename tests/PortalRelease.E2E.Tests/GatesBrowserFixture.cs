namespace PortalRelease.E2E.Tests;

/// <summary>
/// A portal where approvals can be tried from one browser: release-managers are alice and bob, and the app bar's
/// development identity picker is on (Portal:Engine:AllowIdentityHeader).
/// </summary>
public sealed class GatesBrowserFixture() : BrowserFixture(new PortalServer(Settings))
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Portal:Engine:AllowIdentityHeader"] = "true",
        ["Portal:Access:Groups:release-managers:0"] = "alice",
        ["Portal:Access:Groups:release-managers:1"] = "bob",
    };
}
