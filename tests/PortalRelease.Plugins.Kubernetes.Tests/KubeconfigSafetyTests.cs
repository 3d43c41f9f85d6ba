using System.Text.Json;
using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>
/// A kubeconfig is a setting a portal user writes: it may carry credentials, never instructions to run a program or read
/// the portal host's files, and it may only name API servers the operator's policy allows.
/// </summary>
public sealed class KubeconfigSafetyTests : IAsyncLifetime
{
    private readonly TestPluginHost _host = new();
    private readonly string _marker = Path.Combine(Path.GetTempPath(), $"k8s-exec-marker-{Guid.NewGuid():N}");
    private FakeKubeApi _api = null!;
    private ITargetDriver _driver = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        ClusterSeed.Apply(_api);
        _driver = _host.Register(new KubernetesPlugin()).Driver(KubernetesPlugin.Kind);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _host.Dispose();
        File.Delete(_marker);
    }

    [Fact]
    public async Task Status_KubeconfigWithAnExecPlugin_RunsNothingAndFailsNamingTheEntry()
    {
        // As if saved before the rule existed: the secret reaches the driver without validation.
        var target = Target(Kubeconfig(_api.Url, $"""
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: /usr/bin/touch
              args: ["{_marker}"]
              interactiveMode: Never
            """));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => _driver.GetStatusAsync(target, CancellationToken.None));

        Assert.False(File.Exists(_marker), "The kubeconfig's exec command ran on the portal's host.");
        Assert.IsType<DriverException>(error);
        Assert.True(error.Message.Contains("/kubeconfig", StringComparison.Ordinal), error.Message);
        Assert.Contains("users[0] 'deployer': 'exec'", error.Message);
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [InlineData("users", "exec:\n  command: /bin/true", "users[0] 'deployer': 'exec'")]
    [InlineData("users", "auth-provider:\n  name: gcp\n  config:\n    cmd-path: /bin/true", "users[0] 'deployer': 'auth-provider'")]
    [InlineData("users", "tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token", "users[0] 'deployer': 'tokenFile'")]
    [InlineData("users", "client-certificate: /etc/ssl/private/client.crt", "users[0] 'deployer': 'client-certificate'")]
    [InlineData("users", "client-key: /etc/ssl/private/client.key", "users[0] 'deployer': 'client-key'")]
    [InlineData("clusters", "certificate-authority: /etc/passwd", "clusters[0] 'shop': 'certificate-authority'")]
    [InlineData("clusters", "proxy-url: http://127.0.0.1:3128", "clusters[0] 'shop': 'proxy-url'")]
    public async Task Validate_KubeconfigThatRunsOrReadsHostFiles_IsRefusedNamingEntryAndKey(string section, string entry, string expected)
    {
        var user = section == "users" ? entry : "token: abcdefgh";
        var cluster = section == "clusters" ? entry : "";

        var errors = await ValidateAsync(new { kubeconfig = Kubeconfig(_api.Url, user, cluster), workload = "web", image = "r/web" });

        var error = Assert.Single(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
        Assert.Equal("/kubeconfig", error.Path);
        Assert.DoesNotContain("/bin/true", error.Message);
        Assert.DoesNotContain("/etc/", error.Message);
    }

    [Fact]
    public async Task Validate_InlineCredentialsOnly_AreAccepted()
    {
        var user = """
            client-certificate-data: Y2VydA==
            client-key-data: a2V5
            username: deployer
            password: pa55word-inline
            """;
        var cluster = "certificate-authority-data: Y2E=\ntls-server-name: kubernetes";

        var errors = await ValidateAsync(new { kubeconfig = Kubeconfig(_api.Url, user, cluster), workload = "web", image = "r/web" });

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Validate_InClusterWhenTheOperatorHasNotEnabledIt_IsRefusedNamingTheFeature()
    {
        var refused = await ValidateAsync(new { inCluster = true, workload = "web", image = "r/web" });
        _host.Policy.Enable(KubernetesPlugin.Kind, "in-cluster");
        var enabled = await ValidateAsync(new { inCluster = true, workload = "web", image = "r/web" });

        var error = Assert.Single(refused);
        Assert.Equal("/inCluster", error.Path);
        Assert.Contains("Portal:TargetPolicy:Kinds:kubernetes:Features", error.Message);
        Assert.Empty(enabled);
    }

    [Fact]
    public async Task Validate_ServerOutsideThePolicy_IsRefusedAtServer()
    {
        var errors = await ValidateAsync(new { server = "https://evil.example:6443", workload = "web", image = "r/web" });

        var error = Assert.Single(errors);
        Assert.Equal("/server", error.Path);
        Assert.Contains("evil.example", error.Message);
    }

    [Fact]
    public async Task Validate_KubeconfigClusterOutsideThePolicy_IsRefusedNamingTheCluster()
    {
        var errors = await ValidateAsync(new { kubeconfig = Kubeconfig(new Uri("https://evil.example:6443"), "token: abcdefgh"), workload = "web", image = "r/web" });

        var error = Assert.Single(errors);
        Assert.Equal("/kubeconfig", error.Path);
        Assert.Contains("clusters[0] 'shop': 'server'", error.Message);
        Assert.Contains("evil.example", error.Message);
    }

    [Fact]
    public async Task Validate_ServerAllowedByThePolicy_IsAccepted()
    {
        _host.Policy.Hosts.Add("k8s.corp.example");

        Assert.Empty(await ValidateAsync(new { server = "https://k8s.corp.example:6443", workload = "web", image = "r/web" }));
    }

    [Fact]
    public async Task Status_ServerNoLongerAllowed_IsADriverExceptionBeforeAnyRequest()
    {
        var target = TargetContexts.FromJson("k8s-shop", KubernetesPlugin.Kind, KubernetesHarness.SettingsFor(_api.Url));
        _host.Policy.AllowLoopback = false;

        var error = await Assert.ThrowsAsync<DriverException>(() => _driver.GetStatusAsync(target, CancellationToken.None));

        Assert.Contains("/server", error.Message);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Status_InClusterWhenTheFeatureIsOff_IsADriverException()
    {
        var target = TargetContexts.FromJson("k8s-shop", KubernetesPlugin.Kind, """{"inCluster":true,"workload":"web","image":"r/web"}""");

        var error = await Assert.ThrowsAsync<DriverException>(() => _driver.GetStatusAsync(target, CancellationToken.None));

        Assert.Contains("/inCluster", error.Message);
    }

    private async Task<IReadOnlyList<SettingsError>> ValidateAsync(object settings) =>
        await _driver.ValidateSettingsAsync(TargetContexts.ParseSettings(JsonSerializer.Serialize(settings)), CancellationToken.None);

    private static TargetContext Target(string kubeconfig) => new()
    {
        Name = "k8s-shop",
        Kind = KubernetesPlugin.Kind,
        Settings = TargetContexts.ParseSettings("""{"namespace":"shop","workload":"web","image":"r/web"}"""),
        Secrets = new Dictionary<string, string> { ["kubeconfig"] = kubeconfig },
    };

    /// <summary>A kubeconfig with one cluster, user and context; <paramref name="user"/> and <paramref name="cluster"/> are YAML lines of those entries.</summary>
    internal static string Kubeconfig(Uri server, string user, string cluster = "") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: shop
          cluster:
            server: {server.ToString().TrimEnd('/')}
        {Indent(cluster)}
        users:
        - name: deployer
          user:
        {Indent(user)}
        contexts:
        - name: shop
          context:
            cluster: shop
            user: deployer
        current-context: shop
        """;

    private static string Indent(string lines) => string.Join("\n", lines.Split('\n').Select(l => l.Length == 0 ? l : "    " + l));
}
