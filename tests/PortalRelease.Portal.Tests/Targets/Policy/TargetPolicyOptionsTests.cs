using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Targets.Policy;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Plugins;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Targets.Policy;

public sealed class TargetPolicyOptionsTests
{
    [Fact]
    public async Task Start_MalformedHostNetworkAndRoot_FailsNamingEachEntry()
    {
        var error = await StartFailureAsync(new()
        {
            ["Portal:TargetPolicy:Kinds:kubernetes:Hosts:0"] = "api.corp.example",
            ["Portal:TargetPolicy:Kinds:kubernetes:Hosts:1"] = "*",
            ["Portal:TargetPolicy:Kinds:kubernetes:Hosts:2"] = "bad host!",
            ["Portal:TargetPolicy:Kinds:kubernetes:Networks:0"] = "10.0.0.1/8",
            ["Portal:TargetPolicy:Kinds:db-migrations:Root"] = "no-such-folder",
        });

        Assert.Contains("Portal:TargetPolicy:Kinds:kubernetes:Hosts:1 ('*') would allow every host", error);
        Assert.Contains("Portal:TargetPolicy:Kinds:kubernetes:Hosts:2 ('bad host!') is not a host name", error);
        Assert.Contains("Portal:TargetPolicy:Kinds:kubernetes:Networks:0 ('10.0.0.1/8') is not a CIDR range", error);
        Assert.Contains("Portal:TargetPolicy:Kinds:db-migrations:Root ('no-such-folder') is not a folder", error);
        Assert.DoesNotContain("Hosts:0", error);
    }

    [Fact]
    public async Task Start_RootInsideTheDataFolder_FailsNamingTheKey()
    {
        using var home = new TempPortalHome();
        Directory.CreateDirectory(Path.Combine(home.DataDirectory, "dbs"));

        var error = await StartFailureAsync(new()
        {
            ["Portal:DataDirectory"] = home.DataDirectory,
            ["Portal:TargetPolicy:Kinds:db-migrations:Root"] = Path.Combine(home.DataDirectory, "dbs"),
        });

        Assert.Contains("Portal:TargetPolicy:Kinds:db-migrations:Root", error);
        Assert.Contains("lies inside the portal's data folder", error);
    }

    [Fact]
    public async Task Start_MisspeltKey_FailsNamingIt()
    {
        var error = await StartFailure.OfAsync(async () =>
        {
            await using var portal = new PluginsPortal(new Dictionary<string, string> { ["Portal:TargetPolicy:Kinds:kubernetes:Host:0"] = "api.corp.example" });
            portal.CreateClient();
        });

        Assert.Contains("'Host'", error.ToString());
    }

    [Fact]
    public void ShippedAppsettings_AllowsTheKindsDocumentedEndpointsAndLoopbackOnly()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(PluginsFolder.RepoRoot(), "appsettings.json")).Build();
        var options = new TargetPolicyOptions();
        configuration.GetSection(TargetPolicyOptions.Section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        var policy = new TargetPolicy(options, PluginsFolder.RepoRoot(), Path.Combine(PluginsFolder.RepoRoot(), "data"), _ => []);

        Assert.Null(policy.CheckEndpoint("fastly", new Uri("https://api.fastly.com/service/x")));
        Assert.Null(policy.CheckEndpoint("aws-lambda", new Uri("https://lambda.eu-central-1.amazonaws.com/")));
        Assert.Null(policy.CheckEndpoint("prometheus", new Uri("http://localhost:9090")));
        Assert.NotNull(policy.CheckEndpoint("fastly", new Uri("http://api.fastly.com/")));
        Assert.NotNull(policy.CheckEndpoint("kubernetes", new Uri("https://10.0.0.1:6443")));
        Assert.NotNull(policy.CheckEndpoint("prometheus", new Uri("https://prometheus.example/")));
        Assert.NotNull(policy.ResolvePath("db-migrations", "app.db", out _));
        Assert.False(policy.IsEnabled("kubernetes", "in-cluster"));
    }

    [Fact]
    public async Task Start_PortalWithAPolicy_HandsItToEveryPlugin()
    {
        await using var portal = new PluginsPortal(new Dictionary<string, string>
        {
            ["Portal:TargetPolicy:Kinds:Kubernetes:Hosts:0"] = "*.corp.example",
            ["Portal:TargetPolicy:Kinds:Kubernetes:Features:0"] = "in-cluster",
        });
        using var client = portal.CreateClient();

        var policy = portal.Services.GetRequiredService<IHostPolicy>();

        Assert.IsType<TargetPolicy>(policy);
        Assert.Same(policy, portal.Services.GetRequiredService<PluginCatalog>().Policy);
        Assert.Null(policy.CheckEndpoint("kubernetes", new Uri("https://api.corp.example:6443")));
        Assert.True(policy.IsEnabled("kubernetes", "in-cluster"));
    }

    private static Task<string> StartFailureAsync(Dictionary<string, string> settings) =>
        StartFailure.ValidationOfAsync(async () =>
        {
            await using var portal = new PluginsPortal(settings);
            portal.CreateClient();
        });
}
