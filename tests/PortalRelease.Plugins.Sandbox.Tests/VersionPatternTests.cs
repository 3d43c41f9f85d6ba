using PortalRelease.Plugins.Sandbox.Settings;

namespace PortalRelease.Plugins.Sandbox.Tests;

public sealed class VersionPatternTests
{
    [Theory]
    [InlineData("*-bad", "1.2.0-bad", true)]
    [InlineData("*-bad", "1.2.0-bad2", false)]
    [InlineData("*-bad", "-bad", true)]
    [InlineData("1.2.*", "1.2.7", true)]
    [InlineData("1.2.*", "1.3.0", false)]
    [InlineData("*rc*", "2.0.0-rc1", true)]
    [InlineData("1.*-rc*", "1.4.0-rc.2", true)]
    [InlineData("1.*-rc*", "1.4.0", false)]
    [InlineData("a*a", "a", false)]
    [InlineData("a*a", "aa", true)]
    [InlineData("*", "anything", true)]
    [InlineData("1.0.0", "1.0.0", true)]
    [InlineData("1.0.0", "1.0.0-bad", false)]
    [InlineData("*-BAD", "1.0.0-bad", false)]
    public void Matches_globs_with_star(string pattern, string version, bool expected)
    {
        Assert.Equal(expected, new VersionPattern(pattern).IsMatch(version));
    }
}
