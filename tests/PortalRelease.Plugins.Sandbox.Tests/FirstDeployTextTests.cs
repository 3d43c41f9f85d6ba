using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Tests;

/// <summary>What the sandbox says about a target's traffic before any version of it became stable.</summary>
public sealed class FirstDeployTextTests
{
    private static readonly TargetContext Target = SandboxHarness.Target();

    [Fact]
    public async Task FirstCanary_SaysThereIsNoStableVersion_AndWhereTheRestOfTheTrafficGoes()
    {
        using var sandbox = new SandboxHarness();

        var result = await sandbox.ApplyAsync(Target, "k1", "1.2.3", Cohorts.Canary, 25);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.DoesNotContain("(none)", result.Detail, StringComparison.Ordinal);
        Assert.Contains(
            "No stable version yet (first deploy): canary 1.2.3 serves 25%, the other 75% go to the sandbox's unversioned baseline backend.",
            result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CanaryOverAStableVersion_NamesTheStableVersion()
    {
        using var sandbox = new SandboxHarness();
        await sandbox.ApplyAsync(Target, "k1", "1.0.0", Cohorts.Stable, 100);

        var result = await sandbox.ApplyAsync(Target, "k2", "1.1.0", Cohorts.Canary, 25);

        Assert.Contains("Stable 1.0.0 serves 75%, canary 1.1.0 serves 25%.", result.Detail, StringComparison.Ordinal);
    }
}
