using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Plugins;

public sealed class PluginTrustOptionsTests
{
    private const string GoodHash = "5d41402abc4b2a76b9719d911017c592ae1e8b5d9e2a3f6a1c0b7e4d2f8a9c31";

    [Fact]
    public async Task Start_AllowedEntryWithABadHash_FailsNamingTheEntry()
    {
        var error = await StartFailureAsync(new()
        {
            ["Portal:Plugins:Allowed:0"] = GoodHash,
            ["Portal:Plugins:Allowed:1:id"] = "sandbox",
            ["Portal:Plugins:Allowed:1:sha256"] = "abc123",
        });

        Assert.Contains("Portal:Plugins:Allowed:1 (id 'sandbox'): 'abc123' is not a SHA-256 hash (64 hex digits)", error);
        Assert.DoesNotContain("Allowed:0", error);
    }

    [Fact]
    public async Task Start_AllowedEntryWithAnUnknownKeyOrNoHash_FailsNamingEach()
    {
        var error = await StartFailureAsync(new()
        {
            ["Portal:Plugins:Allowed:0:id"] = "sandbox",
            ["Portal:Plugins:Allowed:0:sha"] = GoodHash,
            ["Portal:Plugins:Allowed:1:id"] = "prometheus",
        });

        Assert.Contains("Portal:Plugins:Allowed:0 has unknown key 'sha'", error);
        Assert.Contains("Portal:Plugins:Allowed:1 (id 'prometheus') has no sha256", error);
    }

    [Fact]
    public async Task Start_DevelopmentModeNotABoolean_FailsNamingTheSetting()
    {
        var error = await StartFailureAsync(new() { ["Portal:Plugins:DevelopmentMode"] = "yes" });

        Assert.Contains("Portal:Plugins:DevelopmentMode must be true or false (was 'yes')", error);
    }

    private static Task<string> StartFailureAsync(Dictionary<string, string> settings) =>
        StartFailure.ValidationOfAsync(async () =>
        {
            await using var portal = new PluginsPortal(settings);
            portal.CreateClient();
        });
}
