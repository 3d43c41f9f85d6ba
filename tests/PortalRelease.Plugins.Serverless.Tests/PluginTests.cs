using System.Reflection;
using System.Text.Json;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Serverless.Tests;

public sealed class PluginTests
{
    private static string RepoRoot => typeof(PluginTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    [Fact]
    public void The_plugin_registers_the_aws_lambda_driver_with_what_it_implements()
    {
        using var host = new TestPluginHost();

        var driver = host.Register(new ServerlessPlugin()).Driver("aws-lambda");

        Assert.Equal(DriverCapabilities.WeightedCanary | DriverCapabilities.AllAtOnce | DriverCapabilities.Rollback, driver.Capabilities);
        Assert.Equal("AWS Lambda (alias traffic shifting)", driver.DisplayName);
        (driver as IDisposable)?.Dispose();
    }

    [Fact]
    public void The_build_deploys_the_plugin_with_its_dependencies_and_without_the_sdk()
    {
        var folder = Path.Combine(RepoRoot, "plugins", "Serverless");

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, PluginManifest.FileName)));
        Assert.Equal("serverless", manifest.RootElement.GetProperty("id").GetString());
        Assert.Equal(SdkAbi.Version, manifest.RootElement.GetProperty("abiVersion").GetInt32());
        Assert.Equal(["aws-lambda"], manifest.RootElement.GetProperty("targetKinds").EnumerateArray().Select(k => k.GetString()));
        Assert.True(File.Exists(Path.Combine(folder, "PortalRelease.Plugins.Serverless.dll")));
        Assert.True(File.Exists(Path.Combine(folder, "AWSSDK.Core.dll")));
        Assert.True(File.Exists(Path.Combine(folder, "Polly.Core.dll")));
        Assert.False(File.Exists(Path.Combine(folder, "PortalRelease.Sdk.dll")), "A copy of the SDK beside the plugin breaks type identity.");
    }
}
