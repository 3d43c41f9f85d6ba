using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Identity;

public sealed class AuthOptionsTests
{
    [Theory]
    [InlineData("urls", "http://0.0.0.0:5080", "0.0.0.0")]
    [InlineData("http_ports", "8080", "HTTP_PORTS")]
    public async Task DevelopmentMode_ListeningBeyondLoopback_RefusesToStartNamingTheSetting(string key, string value, string named)
    {
        var message = await StartFailure.ValidationOfAsync(async () =>
        {
            await using var portal = new LocalPortal(new Dictionary<string, string>
            {
                ["Portal:Auth:Mode"] = "Development",
                // The plugins' development mode (on in the Development environment) refuses the same addresses.
                ["Portal:Plugins:DevelopmentMode"] = "false",
                [key] = value,
            });
            portal.Browser();
        });

        Assert.Contains("Portal:Auth:Mode Development", message, StringComparison.Ordinal);
        Assert.Contains("loopback", message, StringComparison.Ordinal);
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentityHeader_OutsideDevelopmentMode_RefusesToStartNamingBothSettings()
    {
        var message = await StartFailure.ValidationOfAsync(async () =>
        {
            await using var portal = new LocalPortal(new Dictionary<string, string> { ["Portal:Engine:AllowIdentityHeader"] = "true" });
            portal.Browser();
        });

        Assert.Contains("Portal:Engine:AllowIdentityHeader", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Auth:Mode Development", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_OutOfRangeOrMisspelt_RefuseToStartNamingEach()
    {
        var error = await StartFailure.OfAsync(async () =>
        {
            await using var portal = new LocalPortal(new Dictionary<string, string>
            {
                ["Portal:Auth:Local:LockoutAttempts"] = "0",
                ["Portal:Auth:Local:MinimumPasswordLength"] = "4",
            });
            portal.Browser();
        });

        var message = error.ToString();
        Assert.Contains("Portal:Auth:Local:LockoutAttempts must be 1 to 100 (was 0)", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Auth:Local:MinimumPasswordLength must be 8 to 128 (was 4)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mode_Unknown_RefusesToStartNamingTheSetting()
    {
        var error = await StartFailure.OfAsync(async () =>
        {
            await using var portal = new LocalPortal(new Dictionary<string, string> { ["Portal:Auth:Mode"] = "Open" });
            portal.Browser();
        });

        Assert.Contains("Mode", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Open", error.ToString(), StringComparison.Ordinal);
    }
}
