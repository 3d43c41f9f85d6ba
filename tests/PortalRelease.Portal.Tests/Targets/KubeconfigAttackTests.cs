using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Targets;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Plugins;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// The review's attack: a kubeconfig whose user runs an exec credential plugin, saved as a Kubernetes target and then
/// "tested", ran the command as the portal's user. The real Kubernetes plugin, loaded from disk, in the whole portal.
/// </summary>
public sealed class KubeconfigAttackTests : IAsyncLifetime
{
    private readonly TempPortalHome _home = new();
    private readonly string _marker = Path.Combine(Path.GetTempPath(), $"portal-exec-marker-{Guid.NewGuid():N}");
    private TargetsPortal _portal = null!;

    public Task InitializeAsync()
    {
        PluginsFolder.CopyDeployed("Kubernetes", _home.PluginsDirectory);
        _portal = new TargetsPortal(_home);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        _home.Dispose();
        File.Delete(_marker);
    }

    [Fact]
    public async Task CreateThenTest_KubeconfigWithAnExecPlugin_Is400NamingKubeconfigAndRunsNothing()
    {
        using var created = await _portal.CreateAsync(new
        {
            name = "k8s-evil",
            kind = "kubernetes",
            settings = new { workload = "web", image = "r/web" },
            secrets = new { kubeconfig = ExecKubeconfig() },
        });
        using var tested = await _portal.Http.PostAsync("/api/targets/k8s-evil/test", null);

        Assert.False(File.Exists(_marker), "The kubeconfig's exec command ran on the portal's host.");
        var errors = await TargetsPortal.ProblemErrorsAsync(created);
        Assert.Contains(errors, e => e.Path == "/secrets/kubeconfig" && e.Message.Contains("users[0] 'deployer': 'exec'", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, tested.StatusCode);
        Assert.Null(await _portal.Services.GetRequiredService<TargetRepository>().GetAsync("k8s-evil"));
    }

    [Fact]
    public async Task Test_TargetStoredWithAnExecKubeconfigBeforeTheRule_RunsNothing()
    {
        var secrets = _portal.Services.GetRequiredService<TargetSecrets>().Protect(new Dictionary<string, string> { ["kubeconfig"] = ExecKubeconfig() });
        await _portal.Services.GetRequiredService<TargetRepository>().AddAsync(
            new TargetRecord("k8s-old", "kubernetes", """{"workload":"web","image":"r/web"}""", DateTimeOffset.UtcNow, secrets));

        using var tested = await _portal.Http.PostAsync("/api/targets/k8s-old/test", null);

        Assert.False(File.Exists(_marker), "The kubeconfig's exec command ran on the portal's host.");
        var result = await TargetsPortal.ExpectAsync(tested, HttpStatusCode.OK);
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains("'exec'", result.GetProperty("detail").GetString());
    }

    private string ExecKubeconfig() => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: shop
          cluster:
            server: https://127.0.0.1:6443
        users:
        - name: deployer
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: /usr/bin/touch
              args: ["{_marker}"]
              interactiveMode: Never
        contexts:
        - name: shop
          context:
            cluster: shop
            user: deployer
        current-context: shop
        """;
}
