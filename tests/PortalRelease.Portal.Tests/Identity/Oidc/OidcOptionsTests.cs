using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Identity.Oidc;

/// <summary><c>Portal:Auth:Oidc</c> is checked at start: the portal refuses to start, naming each setting, never a secret.</summary>
public sealed class OidcOptionsTests
{
    [Fact]
    public async Task OidcMode_NothingConfigured_RefusesToStartNamingEachSetting()
    {
        var message = await StartAsync(new() { ["Portal:Auth:Mode"] = "Oidc" });

        Assert.Contains("Portal:Auth:Oidc:Authority is required", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Auth:Oidc:ClientId is required", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Auth:Oidc:ClientSecret is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OidcMode_PlainHttpAuthorityBeyondLoopback_RefusesToStart()
    {
        var message = await StartAsync(Valid("http://login.example.com/realms/acme", requireHttps: false));

        Assert.Contains("Portal:Auth:Oidc:Authority must use https", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Auth:Oidc:RequireHttpsMetadata may be false only for a loopback authority", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OidcMode_HttpsAuthorityWithoutHttpsMetadata_RefusesToStart()
    {
        var message = await StartAsync(Valid("https://login.example.com/realms/acme", requireHttps: false));

        Assert.Contains("Portal:Auth:Oidc:RequireHttpsMetadata may be false only for a loopback authority", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OidcMode_LoopbackHttpAuthorityRequiringHttps_RefusesToStartNamingTheSwitch()
    {
        var message = await StartAsync(Valid("http://127.0.0.1:9/", requireHttps: true));

        Assert.Contains("set Portal:Auth:Oidc:RequireHttpsMetadata to false", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("login.example.com", "must be an absolute https URL")]
    [InlineData("ftp://login.example.com/", "must be an absolute https URL")]
    [InlineData("https://user:hunter2@login.example.com/", "must not carry a user name, password")]
    public async Task OidcMode_MalformedAuthority_RefusesToStartWithoutEchoingCredentials(string authority, string expected)
    {
        var message = await StartAsync(Valid(authority, requireHttps: true));

        Assert.Contains("Portal:Auth:Oidc:Authority " + expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OidcMode_BadSecretScopeClaimAndPaths_RefusesNamingEachWithoutTheSecret()
    {
        var settings = Valid("https://login.example.com/", requireHttps: true);
        settings["Portal:Auth:Oidc:ClientSecret"] = "s3cr3t-value\u0007";
        settings["Portal:Auth:Oidc:Scopes:0"] = "openid groups";
        settings["Portal:Auth:Oidc:Claims:Groups"] = " ";
        settings["Portal:Auth:Oidc:CallbackPath"] = "//evil.example/cb";
        settings["Portal:Auth:Oidc:SignedOutCallbackPath"] = "signed-out";

        var message = await StartAsync(settings);

        Assert.Contains("Portal:Auth:Oidc:ClientSecret must be at most 4096 printable characters (its value is not shown)", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Auth:Oidc:Scopes:0 must be one scope name", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Auth:Oidc:Claims:Groups is required", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Auth:Oidc:CallbackPath must be a path of this portal", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Auth:Oidc:SignedOutCallbackPath must be a path of this portal", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalMode_OidcSectionIncomplete_StartsWithoutIt()
    {
        await using var portal = new LocalPortal(new Dictionary<string, string> { ["Portal:Auth:Oidc:ClientId"] = "x" });
        using var browser = portal.Browser();

        using var response = await browser.GetAsync("/account/login");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("login-form", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Valid(string authority, bool requireHttps) => new()
    {
        ["Portal:Auth:Mode"] = "Oidc",
        ["Portal:Auth:Oidc:Authority"] = authority,
        ["Portal:Auth:Oidc:ClientId"] = "portal",
        ["Portal:Auth:Oidc:ClientSecret"] = "0123456789abcdef",
        ["Portal:Auth:Oidc:RequireHttpsMetadata"] = requireHttps ? "true" : "false",
    };

    private static Task<string> StartAsync(Dictionary<string, string> settings) =>
        StartFailure.ValidationOfAsync(async () =>
        {
            await using var portal = new LocalPortal(settings);
            portal.Browser();
        });
}
