using PortalRelease.Portal.Identity.Local;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>Where sign-in (local, and the OIDC challenge at /account/login/oidc) sends the browser back: a local path only.</summary>
public sealed class SafeReturnUrlTests
{
    [Theory]
    [InlineData("//evil.test/x")]
    [InlineData("/\\evil.test")]
    [InlineData("https://evil.test/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/releases\r\nLocation: https://evil.test")]
    [InlineData("")]
    [InlineData(null)]
    public void SafeReturnUrl_HostileValue_FallsBackToTheHomePage(string? hostile) => Assert.Equal("/", LocalSession.SafeReturnUrl(hostile));

    [Fact]
    public void SafeReturnUrl_Oversized_FallsBackToTheHomePage() => Assert.Equal("/", LocalSession.SafeReturnUrl("/" + new string('a', 2048)));

    [Fact]
    public void SafeReturnUrl_LocalPath_IsKept() => Assert.Equal("/releases/abc?tab=plan", LocalSession.SafeReturnUrl("/releases/abc?tab=plan"));
}
