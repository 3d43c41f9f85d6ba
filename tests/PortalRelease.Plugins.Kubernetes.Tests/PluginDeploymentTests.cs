using System.Reflection;
using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>The build drops the plugin into plugins/Kubernetes/ as the portal loads it: manifest, assembly, its NuGet dependencies, no SDK.</summary>
public sealed class PluginDeploymentTests
{
    private static readonly string Folder = Path.Combine(
        typeof(PluginDeploymentTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!, "plugins", "Kubernetes");

    [Fact]
    public void The_manifest_names_the_assembly_the_abi_and_the_kind()
    {
        var manifest = JsonSerializer.Deserialize<PluginManifest>(File.ReadAllText(Path.Combine(Folder, PluginManifest.FileName)))!;

        Assert.Equal(("kubernetes", SdkAbi.Version, "PortalRelease.Plugins.Kubernetes.dll"), (manifest.Id, manifest.AbiVersion, manifest.Assembly));
        Assert.Equal([KubernetesPlugin.Kind], manifest.TargetKinds);
        Assert.True(File.Exists(Path.Combine(Folder, manifest.Assembly)));
    }

    [Fact]
    public void The_plugin_folder_carries_the_kubernetes_client_and_never_the_sdk()
    {
        var files = Directory.GetFiles(Folder).Select(Path.GetFileName).ToList();

        Assert.Contains("KubernetesClient.dll", files);
        Assert.Contains("YamlDotNet.dll", files);
        Assert.DoesNotContain(files, f => f!.StartsWith("PortalRelease.Sdk", StringComparison.Ordinal));
    }
}
