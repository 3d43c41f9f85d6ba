using System.Reflection;
using McMaster.NETCore.Plugins;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;
using PortalRelease.Sdk.Testing.Conformance;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>
/// The conformance suite against the plugin as the portal loads it: from <c>plugins/Serverless/</c> into its own load
/// context with the SDK shared (as the portal's McMaster loader does), so AWSSDK.Core and Polly resolve from the plugin's folder.
/// </summary>
public sealed class DeployedPluginConformanceTests : TargetDriverConformanceTests
{
    private static readonly Type[] SharedTypes =
    [
        typeof(IPortalPlugin), typeof(IPluginRegistrar), typeof(PluginHostContext), typeof(PluginManifest),
        typeof(ITargetDriver), typeof(IMetricSource), typeof(TargetContext), typeof(TargetStatus),
        typeof(ApplyRequest), typeof(ApplyResult), typeof(RollbackRequest), typeof(SettingsError),
        typeof(MetricQuery), typeof(MetricResult), typeof(DriverException),
    ];

    private LambdaHarness _lambda = null!;
    private PluginLoader? _loader;

    private static string PluginAssembly => Path.Combine(
        typeof(DeployedPluginConformanceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "plugins", "Serverless", "PortalRelease.Plugins.Serverless.dll");

    public override async Task InitializeAsync()
    {
        _lambda = await LambdaHarness.StartAsync(withAlias: false);
        await base.InitializeAsync();
    }

    protected override ITargetDriver CreateDriver()
    {
        _loader = PluginLoader.CreateFromAssemblyFile(PluginAssembly, sharedTypes: SharedTypes, configure: c => c.IsUnloadable = true);
        var assembly = _loader.LoadDefaultAssembly();
        var type = assembly.GetExportedTypes().Single(t => typeof(IPortalPlugin).IsAssignableFrom(t));
        Assert.NotSame(typeof(ServerlessPlugin).Assembly, assembly);
        var plugin = (IPortalPlugin)Activator.CreateInstance(type)!;
        var host = new PluginHostContext { DataDirectory = Path.Combine(_lambda.DataDirectory, "deployed"), Time = TimeProvider.System };
        return FakePluginRegistrar.Register(plugin, host).Driver(ServerlessPlugin.Kind);
    }

    protected override string ValidSettingsJson =>
        _lambda.SettingsJson().TrimEnd('}') + $$""","secretAccessKey":"{{FakeLambda.FakeLambdaServer.SecretAccessKey}}"}""";

    protected override IEnumerable<string> InvalidSettingsJson => ["[]", """{"region":"eu-west-1"}"""];

    protected override ValueTask<string> CaptureExternalStateAsync() => ValueTask.FromResult(string.Join('\n',
        _lambda.Server.Writes.Where(w => w.Status is >= 200 and < 300).Select(w => $"{w.Line} {w.Body}")));

    protected override async Task CleanupAsync()
    {
        _loader?.Dispose();
        await _lambda.DisposeAsync();
    }
}
