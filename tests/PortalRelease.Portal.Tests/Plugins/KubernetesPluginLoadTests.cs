using System.Runtime.Loader;
using System.Text.Json;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Targets;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Plugins;

/// <summary>
/// The built Kubernetes plugin as the portal loads it from plugins/Kubernetes: its own NuGet dependencies (KubernetesClient,
/// YamlDotNet 18) live in its load context beside the portal's YamlDotNet, and its kubeconfig setting is a portal secret.
/// </summary>
public sealed class KubernetesPluginLoadTests : IDisposable
{
    private readonly PluginsFolder _folder = new();

    [Fact]
    public async Task Load_KubernetesPlugin_LoadsWithItsOwnDependenciesAndParsesAKubeconfig()
    {
        AddKubernetes();

        var catalog = _folder.Load();

        var info = Assert.Single(catalog.Plugins);
        Assert.Equal((PluginStatus.Loaded, "kubernetes"), (info.Status, info.Id));
        var driver = catalog.FindDriver("kubernetes")!;
        Assert.True(driver.Capabilities.HasFlag(DriverCapabilities.BlueGreen | DriverCapabilities.TrafficMirroring | DriverCapabilities.Rollback));
        var context = AssemblyLoadContext.GetLoadContext(driver.GetType().Assembly)!;
        Assert.NotSame(AssemblyLoadContext.Default, context);
        // The kubeconfig is parsed by the YamlDotNet the plugin shipped, whatever the portal itself loaded.
        using var settings = JsonDocument.Parse("""
            {"kubeconfig":"apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:6443\nusers:\n- name: u\n  user:\n    token: abcd\ncontexts:\n- name: ctx\n  context:\n    cluster: c\n    user: u\ncurrent-context: ctx\n",
             "workload":"web","image":"registry.example.com/shop/web"}
            """);
        Assert.Empty(await driver.ValidateSettingsAsync(settings.RootElement, CancellationToken.None));
        Assert.Contains(context.Assemblies, a => a.GetName().Name == "KubernetesClient");
        Assert.Contains(context.Assemblies, a => a.GetName().Name == "YamlDotNet" && a.GetName().Version!.Major >= 18);
    }

    [Fact]
    public async Task Schema_KubernetesPlugin_PatternsRefuseATrailingNewline()
    {
        AddKubernetes();
        var driver = _folder.Load().FindDriver("kubernetes")!;
        using var settings = JsonDocument.Parse("""
            {"kubeconfig":"apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://10.0.0.1:6443\nusers:\n- name: u\n  user:\n    token: abcd\ncontexts:\n- name: ctx\n  context:\n    cluster: c\n    user: u\ncurrent-context: ctx\n",
             "workload":"web\n","image":"registry.example.com/shop/web"}
            """);

        var schema = DriverSchema.For(driver).Schema!.Evaluate(settings.RootElement, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        var fromDriver = await driver.ValidateSettingsAsync(settings.RootElement, CancellationToken.None);

        Assert.Contains(schema.Details!, d => d.InstanceLocation.ToString() == "/workload" && d.Errors is { } errors && errors.ContainsKey("pattern"));
        Assert.Contains(fromDriver, e => e.Path == "/workload");
    }

    [Fact]
    public void Schema_KubernetesPlugin_KubeconfigIsASecret()
    {
        AddKubernetes();

        var driver = _folder.Load().FindDriver("kubernetes")!;

        Assert.NotNull(DriverSchema.For(driver).FindSecret("kubeconfig"));
    }

    public void Dispose() => _folder.Dispose();

    private void AddKubernetes() => PluginsFolder.CopyDeployed("Kubernetes", _folder.PluginsDirectory);
}
