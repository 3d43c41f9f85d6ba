using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Plugins;
using PortalRelease.Portal.Tests.Targets;

namespace PortalRelease.Portal.Tests.Audit;

/// <summary>Changes outside a release's journal, made through the API, land in the chained audit log: who, how, what.</summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private const string Token = "audit-token-7f3a9c1e";
    private readonly TempPortalHome _home = new();
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
    }

    private Task<IReadOnlyList<AuditRecord>> ListAsync(string? action = null) =>
        _portal.Services.GetRequiredService<AuditLogQueries>()
            .NewestAsync(new AuditFilter { Action = action is null ? null : new AuditMatch(action, AuditMatchKind.Family) }, null, 100, CancellationToken.None);

    [Fact]
    public async Task TargetLifecycle_ThroughTheApi_IsAuditedWithActorAndWithoutSecretValues()
    {
        await _portal.CreateOkAsync(new { name = "k8s-eu", kind = "kubernetes", settings = Settings("https://127.0.0.1:6443", "web"), secrets = new { kubeconfig = Kubeconfig } });
        using (var update = await _portal.Http.PutAsJsonAsync("/api/targets/k8s-eu", new { settings = Settings("https://127.0.0.1:6443", "api") }))
        {
            await TargetsPortal.ExpectAsync(update, HttpStatusCode.OK);
        }
        using (var repoint = await _portal.Http.PutAsJsonAsync("/api/targets/k8s-eu", new { settings = Settings("https://127.0.0.2:6443", "api"), secrets = new { kubeconfig = Kubeconfig } }))
        {
            await TargetsPortal.ExpectAsync(repoint, HttpStatusCode.OK);
        }
        using (var refused = await _portal.Http.PutAsJsonAsync("/api/targets/k8s-eu", new { settings = Settings("https://127.0.0.3:6443", "api") }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        using (var delete = await _portal.Http.DeleteAsync("/api/targets/k8s-eu"))
        {
            await TargetsPortal.ExpectAsync(delete, HttpStatusCode.NoContent);
        }

        var entries = (await ListAsync("target")).Reverse().ToList();

        Assert.Equal(["target.create", "target.update", "target.repoint", "target.delete"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("target", "k8s-eu", "ok", "development"), (e.ResourceKind, e.ResourceId, e.Outcome, e.AuthMethod)));
        Assert.All(entries, e => Assert.False(string.IsNullOrEmpty(e.ActorId)));
        Assert.Equal("kubeconfig", entries[0].Details.GetProperty("secrets")[0].GetString());
        Assert.Equal("api", entries[1].Details.GetProperty("settings").GetProperty("workload").GetProperty("to").GetString());
        Assert.Equal("set", entries[2].Details.GetProperty("secrets").GetProperty("kubeconfig").GetString());
        await AssertNoSecretStoredAsync();
        var report = await ChainVerifier.VerifyAsync(_portal.Services.GetRequiredService<AuditLogRepository>(), null, CancellationToken.None);
        Assert.True(report.Ok, report.FirstBroken?.Detail);
        Assert.Equal((await ListAsync()).Count, report.RowsChecked);
    }

    [Fact]
    public async Task QuarantineMarkAndLift_ThroughTheApi_AreAudited()
    {
        using (var mark = await _portal.Http.PostAsJsonAsync("/api/quarantine", new { service = "shop", version = "1.2.3", reason = "corrupts carts" }))
        {
            Assert.True(mark.IsSuccessStatusCode, await mark.Content.ReadAsStringAsync());
        }
        using (var lift = await _portal.Http.PostAsJsonAsync("/api/quarantine/shop/1.2.3/lift", new { reason = "fixed in the database" }))
        {
            Assert.True(lift.IsSuccessStatusCode, await lift.Content.ReadAsStringAsync());
        }

        var entries = (await ListAsync("quarantine")).Reverse().ToList();

        Assert.Equal(["quarantine.mark", "quarantine.lift"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("version", "shop@1.2.3"), (e.ResourceKind, e.ResourceId)));
        Assert.Equal("corrupts carts", entries[0].Details.GetProperty("reason").GetString());
    }

    private async Task AssertNoSecretStoredAsync()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_home.DataDirectory, "portal.db"));
        var wal = Path.Combine(_home.DataDirectory, "portal.db-wal");
        var all = System.Text.Encoding.UTF8.GetString(bytes) + (File.Exists(wal) ? System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(wal)) : "");
        Assert.DoesNotContain(Token, all, StringComparison.Ordinal);
    }

    private static object Settings(string server, string workload) => new { server, workload, image = "r/web" };

    private const string Kubeconfig = $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: shop
          cluster:
            server: https://127.0.0.1:6443
        users:
        - name: deployer
          user:
            token: {Token}
        contexts:
        - name: shop
          context:
            cluster: shop
            user: deployer
        current-context: shop
        """;
}
