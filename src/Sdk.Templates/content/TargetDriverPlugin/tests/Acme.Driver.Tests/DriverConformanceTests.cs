using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;
using PortalRelease.Sdk.Testing.Conformance;

namespace Acme.Driver.Tests;

/// <summary>
/// Runs the SDK's driver conformance suite (idempotency, rollback, cancellation, time bounds, status, settings,
/// bad requests) against this plugin's driver, registered the way the portal registers it.
/// </summary>
public sealed class DriverConformanceTests : TargetDriverConformanceTests, IDisposable
{
    private readonly TestPluginHost _host = new();

    protected override ITargetDriver CreateDriver() => _host.Register(new DriverPlugin()).Driver(DriverPlugin.Kind);

    protected override string ValidSettingsJson => """{"environment":"staging"}""";

    protected override IEnumerable<string> InvalidSettingsJson => ["[]", "{}", """{"environment":""}""", """{"environment":"staging","extra":1}"""];

    public void Dispose() => _host.Dispose();
}
