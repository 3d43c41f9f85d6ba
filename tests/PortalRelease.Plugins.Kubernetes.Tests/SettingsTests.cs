using System.Text.Json;
using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>Settings validation, the schema's secret, and connecting with an inline kubeconfig from the target's secrets.</summary>
public sealed class SettingsTests : IAsyncLifetime
{
    private KubernetesHarness _k8s = null!;

    public async Task InitializeAsync() => _k8s = await KubernetesHarness.StartAsync();

    public async Task DisposeAsync() => await _k8s.DisposeAsync();

    [Fact]
    public void The_schema_marks_the_kubeconfig_write_only_and_requires_workload_and_image()
    {
        using var schema = JsonDocument.Parse(_k8s.Driver.SettingsSchema);

        Assert.True(schema.RootElement.GetProperty("properties").GetProperty("kubeconfig").GetProperty("writeOnly").GetBoolean());
        Assert.Equal(["workload", "image"], schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["httproute", "virtualservice"], schema.RootElement.GetProperty("properties").GetProperty("routing").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("""{"workload":"web","image":"r/web"}""", "", "kubeconfig")]
    [InlineData("""{"server":"ftp://x","workload":"web","image":"r/web"}""", "/server", "http(s) URL")]
    [InlineData("""{"server":"http://a","workload":"web","image":"r/web","route":"web"}""", "/stableService", "both stableService and canaryService")]
    [InlineData("""{"server":"http://a","workload":"web","image":"r/web","stableService":"s","canaryService":"s"}""", "/canaryService", "must differ")]
    [InlineData("""{"server":"http://a","workload":"web","image":"r/web","rolloutTimeoutSeconds":0}""", "/rolloutTimeoutSeconds", "1 to 86400")]
    [InlineData("""{"server":"http://a","workload":"web","image":"r/web@sha256:abc"}""", "/image", "without tag or digest")]
    [InlineData("""{"kubeconfig":"{ not: [yaml","workload":"web","image":"r/web"}""", "/kubeconfig", "does not parse")]
    [InlineData("""{"server":"http://a","context":"prod","workload":"web","image":"r/web"}""", "/context", "give the kubeconfig too")]
    public async Task Invalid_settings_are_reported_at_their_pointer(string json, string path, string message)
    {
        var errors = await _k8s.Driver.ValidateSettingsAsync(TargetContexts.ParseSettings(json), CancellationToken.None);

        Assert.Contains(errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_kubeconfig_naming_a_missing_context_is_reported_without_its_content()
    {
        var kubeconfig = Kubeconfig(_k8s.Api.Url, "s3cr3t-token-value");
        var json = JsonSerializer.Serialize(new { kubeconfig, context = "staging", workload = "web", image = "r/web" });

        var errors = await _k8s.Driver.ValidateSettingsAsync(TargetContexts.ParseSettings(json), CancellationToken.None);

        var error = Assert.Single(errors);
        Assert.Equal("/context", error.Path);
        Assert.Contains("no context 'staging' (contexts: shop)", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
    }

    [Fact]
    public async Task An_inline_kubeconfig_from_the_secrets_connects_with_its_credentials()
    {
        var settings = TargetContexts.ParseSettings("""{"namespace":"shop","workload":"web","image":"registry.example.com/shop/web"}""");
        var target = new TargetContext
        {
            Name = "k8s-shop",
            Kind = KubernetesPlugin.Kind,
            Settings = settings,
            Secrets = new Dictionary<string, string> { ["kubeconfig"] = Kubeconfig(_k8s.Api.Url, "s3cr3t-token-value") },
        };

        var result = await _k8s.Driver.ApplyAsync(target, new ApplyRequest { ReleaseId = "r", Version = "1.1.0", Cohort = Cohorts.Stable, Weight = 100, IdempotencyKey = "k" }, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.All(_k8s.Api.Requests, r => Assert.Equal("Bearer s3cr3t-token-value", r.Authorization));
        Assert.Equal($"{ClusterSeed.Image}:1.1.0", _k8s.ImageOf(ClusterSeed.Workload));
    }

    [Fact]
    public async Task A_canary_on_a_target_without_a_route_is_refused_before_any_request()
    {
        var target = TargetContexts.FromJson("k8s-shop", KubernetesPlugin.Kind, $$"""{"server":"{{_k8s.Api.Url}}","namespace":"shop","workload":"web","image":"r/web"}""");

        var error = await Assert.ThrowsAsync<DriverException>(() => _k8s.Driver.ApplyAsync(target,
            new ApplyRequest { ReleaseId = "r", Version = "1.1.0", Cohort = Cohorts.Canary, Weight = 10, IdempotencyKey = "k" }, CancellationToken.None));

        Assert.Contains("needs a route", error.Message);
        Assert.Empty(_k8s.Api.Requests);
    }

    [Fact]
    public async Task A_missing_workload_fails_with_what_was_not_found()
    {
        var target = TargetContexts.FromJson("k8s-shop", KubernetesPlugin.Kind, $$"""{"server":"{{_k8s.Api.Url}}","namespace":"shop","workload":"api","image":"r/api"}""");

        var error = await Assert.ThrowsAsync<DriverException>(() => _k8s.Driver.GetStatusAsync(target, CancellationToken.None));

        Assert.Contains("Deployment shop/api: not found", error.Message);
    }

    private static string Kubeconfig(Uri server, string token) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: shop
          cluster:
            server: {server.ToString().TrimEnd('/')}
        users:
        - name: deployer
          user:
            token: {token}
        contexts:
        - name: shop
          context:
            cluster: shop
            user: deployer
            namespace: shop
        current-context: shop
        """;
}
