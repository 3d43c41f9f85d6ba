using System.Net;
using System.Net.Http.Json;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Plugins;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// The re-point rule through the API, with the real Kubernetes plugin: its schema marks <c>server</c> as a destination
/// of the kubeconfig's credentials.
/// </summary>
public sealed class TargetRepointTests : IAsyncLifetime
{
    private readonly TempPortalHome _home = new();
    private TargetsPortal _portal = null!;

    public async Task InitializeAsync()
    {
        PluginsFolder.CopyDeployed("Kubernetes", _home.PluginsDirectory);
        _portal = new TargetsPortal(_home);
        await _portal.CreateOkAsync(new
        {
            name = "k8s-eu",
            kind = "kubernetes",
            settings = new { server = "https://127.0.0.1:6443", workload = "web", image = "r/web" },
            secrets = new { kubeconfig = Kubeconfig },
        });
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Put_ServerChangedWithoutTheSecret_Is400NamingTheSecretAndSavesNothing()
    {
        using var response = await _portal.Http.PutAsJsonAsync("/api/targets/k8s-eu", new { settings = new { server = "https://127.0.0.2:6443", workload = "web", image = "r/web" } });

        var errors = await TargetsPortal.ProblemErrorsAsync(response);
        var error = Assert.Single(errors);
        Assert.Equal("/secrets/kubeconfig", error.Path);
        Assert.Contains("'API server URL'", error.Message, StringComparison.Ordinal);
        Assert.Equal("https://127.0.0.1:6443", await ServerAsync());
    }

    [Fact]
    public async Task Put_ServerChangedWithTheSecretSentAgain_IsSaved()
    {
        using var response = await _portal.Http.PutAsJsonAsync("/api/targets/k8s-eu", new
        {
            settings = new { server = "https://127.0.0.2:6443", workload = "web", image = "r/web" },
            secrets = new { kubeconfig = Kubeconfig },
        });

        await TargetsPortal.ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("https://127.0.0.2:6443", await ServerAsync());
    }

    [Fact]
    public async Task Put_ServerRemovedWithoutTheSecret_Is400()
    {
        using var response = await _portal.Http.PutAsJsonAsync("/api/targets/k8s-eu", new { settings = new { workload = "web", image = "r/web" } });

        Assert.Equal("/secrets/kubeconfig", Assert.Single(await TargetsPortal.ProblemErrorsAsync(response)).Path);
    }

    [Fact]
    public async Task Put_OtherSettingsChangedWithoutTheSecret_IsSavedKeepingIt()
    {
        using var response = await _portal.Http.PutAsJsonAsync("/api/targets/k8s-eu", new { settings = new { server = "https://127.0.0.1:6443", workload = "api", image = "r/api" } });

        var saved = await TargetsPortal.ExpectAsync(response, HttpStatusCode.OK);
        Assert.True(saved.GetProperty("secrets").GetProperty("kubeconfig").GetProperty("set").GetBoolean());
    }

    private async Task<string?> ServerAsync() =>
        (await _portal.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/targets/k8s-eu")).GetProperty("settings").GetProperty("server").GetString();

    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: shop
          cluster:
            server: https://127.0.0.1:6443
        users:
        - name: deployer
          user:
            token: repoint-token-3c9e
        contexts:
        - name: shop
          context:
            cluster: shop
            user: deployer
        current-context: shop
        """;
}
