using System.Net;
using System.Net.Http.Json;
using System.Text;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Plugins;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// The canary-secret scan for credentials inside a structured secret: a kubeconfig's token, through the real Kubernetes
/// plugin, against an API server that echoes the credentials it was sent in its error message.
/// </summary>
public sealed class KubernetesTargetSecretsTests : IAsyncLifetime
{
    private const string CanaryToken = "canary-k8s-token-5e1d9b";
    private readonly TempPortalHome _home = new();
    private TargetsPortal _portal = null!;
    private EchoingKubeApi _api = null!;

    public async Task InitializeAsync()
    {
        PluginsFolder.CopyDeployed("Kubernetes", _home.PluginsDirectory);
        _portal = new TargetsPortal(_home);
        _api = await EchoingKubeApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _api.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task CanaryTokenInsideAKubeconfig_EchoedByTheApiServer_NeverSurfaces()
    {
        await _portal.CreateOkAsync(new
        {
            name = "k8s-echo",
            kind = "kubernetes",
            settings = new { @namespace = "shop", workload = "web", image = "registry.example.com/shop/web" },
            secrets = new { kubeconfig = Kubeconfig(_api.Url) },
        });

        // Test connection: the API server's refusal quotes "Bearer <token>".
        using var tested = await _portal.Http.PostAsync("/api/targets/k8s-echo/test", null);
        var result = await TargetsPortal.ExpectAsync(tested, HttpStatusCode.OK);
        Assert.True(_api.Requests > 0, "The echoing API server was never called.");
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains("[secret]", result.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A release whose first apply fails the same way: the journal records the driver's error.
        await _portal.Client.ImportTemplateAsync("""
            name: to-k8s-echo
            stages:
              - name: only
                targets: [k8s-echo]
                strategy: allAtOnce
            """);
        var release = await _portal.Client.CreateReleaseAsync("to-k8s-echo", "1.0.0");
        var events = await Poll.UntilAsync(
            async () => (await _portal.Client.GetEventsAsync(release)) is var all && all.Any(e => e.Data.GetRawText().Contains("credentials", StringComparison.Ordinal)) ? all : null,
            "the journal to record the API server's refusal",
            TimeSpan.FromSeconds(60));
        await _portal.Http.GetAsync("/api/targets/k8s-echo");
        await _portal.Client.GetReleaseAsync(release);

        Assert.All(_portal.Responses.Bodies, body => Assert.DoesNotContain(CanaryToken, body, StringComparison.Ordinal));
        Assert.All(events, e => Assert.DoesNotContain(CanaryToken, e.ToString(), StringComparison.Ordinal));
        Assert.All(_portal.Logs.Lines, line => Assert.DoesNotContain(CanaryToken, line, StringComparison.Ordinal));
        await AssertNoFileContainsAsync(_portal.Home.DataDirectory, CanaryToken);
        Assert.Contains(events, e => e.Data.GetRawText().Contains("[secret]", StringComparison.Ordinal));
    }

    private static string Kubeconfig(Uri server) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: shop
          cluster:
            server: {server.ToString().TrimEnd('/')}
        users:
        - name: deployer
          user:
            token: {CanaryToken}
        contexts:
        - name: shop
          context:
            cluster: shop
            user: deployer
        current-context: shop
        """;

    private static async Task AssertNoFileContainsAsync(string folder, string value)
    {
        var needle = Encoding.UTF8.GetBytes(value);
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            Assert.True(memory.ToArray().AsSpan().IndexOf(needle) < 0, $"{file} contains the canary secret.");
        }
    }
}
