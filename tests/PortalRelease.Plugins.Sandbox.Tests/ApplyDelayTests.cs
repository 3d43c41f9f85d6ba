using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Tests;

public sealed class ApplyDelayTests
{
    private static readonly TargetContext Slow = SandboxHarness.Target(settingsJson: """{"applyDelayMs":5000}""");

    [Theory]
    [InlineData("""{"applyDelayMs":0}""")]
    [InlineData("""{"applyDelayMs":250.5}""")]
    public async Task ValidateSettings_NonNegativeApplyDelay_HasNoErrors(string json)
    {
        using var sandbox = new SandboxHarness();

        var errors = await sandbox.Driver.ValidateSettingsAsync(JsonDocument.Parse(json).RootElement, CancellationToken.None);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("""{"applyDelayMs":-1}""", "greater than or equal to 0")]
    [InlineData("""{"applyDelayMs":"1s"}""", "number")]
    public async Task ValidateSettings_BadApplyDelay_ReportsThePath(string json, string messagePart)
    {
        using var sandbox = new SandboxHarness();

        var errors = await sandbox.Driver.ValidateSettingsAsync(JsonDocument.Parse(json).RootElement, CancellationToken.None);

        var error = Assert.Single(errors);
        Assert.Equal("/applyDelayMs", error.Path);
        Assert.Contains(messagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void SettingsSchema_DescribesApplyDelay()
    {
        using var sandbox = new SandboxHarness();

        using var schema = JsonDocument.Parse(sandbox.Driver.SettingsSchema);

        var property = schema.RootElement.GetProperty("properties").GetProperty("applyDelayMs");
        Assert.Equal("number", property.GetProperty("type").GetString());
        Assert.Equal(0, property.GetProperty("minimum").GetInt32());
    }

    [Fact]
    public async Task ApplyAsync_WithDelay_RecordsNothingUntilTheDelayPasses()
    {
        using var sandbox = new SandboxHarness();

        var apply = sandbox.ApplyAsync(Slow, "k1", "1.0.0", Cohorts.Canary, 10);

        Assert.False(apply.IsCompleted);
        Assert.False(File.Exists(sandbox.LedgerPath()));
        sandbox.Time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.False(apply.IsCompleted);
        sandbox.Time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await apply.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal(["k1"], sandbox.ReadLedger().Select(l => l.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task ApplyAsync_CancelledDuringDelay_LeavesNoLedgerLine()
    {
        using var sandbox = new SandboxHarness();
        using var cancel = new CancellationTokenSource();
        var request = new ApplyRequest { ReleaseId = "rel-1", Version = "1.0.0", Cohort = Cohorts.Canary, Weight = 10, IdempotencyKey = "k1" };

        var apply = sandbox.Driver.ApplyAsync(Slow, request, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => apply);
        Assert.False(File.Exists(sandbox.LedgerPath()));
    }

    [Fact]
    public async Task ApplyAsync_WithoutDelaySetting_CompletesAtOnce()
    {
        using var sandbox = new SandboxHarness();

        var apply = sandbox.ApplyAsync(SandboxHarness.Target(), "k1", "1.0.0", Cohorts.Canary, 10);

        Assert.True(apply.IsCompletedSuccessfully);
        Assert.Equal(ApplyOutcome.Applied, (await apply).Outcome);
    }
}
