using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;
using PortalRelease.Sdk.Testing.Conformance;

namespace PortalRelease.Plugins.Sandbox.Tests;

/// <summary>The SDK's driver conformance suite against the sandbox driver, hosted through its plugin entry point.</summary>
public sealed class SandboxConformanceTests : TargetDriverConformanceTests
{
    private readonly TestPluginHost _host = new();

    protected override ITargetDriver CreateDriver() => _host.Register(new SandboxPlugin()).Driver(SandboxPlugin.Kind);

    protected override string ValidSettingsJson => """{"requestsPerSecond":100,"fault":{"versionPattern":"*-bad","afterSeconds":30}}""";

    protected override IEnumerable<string> InvalidSettingsJson =>
    [
        "[]",
        """{"requestsPerSecond":-5}""",
        """{"fault":{"errorRate":2}}""",
        """{"unknown":true}""",
    ];

    // The ledger is the target's real state: nothing may be written by a call that must change nothing.
    protected override ValueTask<string> CaptureExternalStateAsync()
    {
        var ledger = Path.Combine(_host.DataDirectory, TargetName + ".actions.jsonl");
        var applied = File.Exists(ledger) ? File.ReadAllLines(ledger).Where(l => l.Contains("\"applied\"", StringComparison.Ordinal)) : [];
        return ValueTask.FromResult(string.Join('\n', applied));
    }

    protected override Task CleanupAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }
}
