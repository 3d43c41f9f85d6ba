using System.Net;
using PortalRelease.Portal.Targets.Policy;

namespace PortalRelease.Portal.Tests.Targets.Policy;

public sealed class TargetPolicyEndpointTests
{
    private static readonly Dictionary<string, IPAddress[]> Dns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["inside.corp.example"] = [IPAddress.Parse("10.1.2.3"), IPAddress.Parse("10.9.9.9")],
        ["straddles.corp.example"] = [IPAddress.Parse("10.1.2.3"), IPAddress.Parse("192.0.2.7")],
    };

    [Theory]
    [InlineData("https://lambda.eu-west-1.amazonaws.com/")]
    [InlineData("https://lambda.us-east-1.amazonaws.com:443/2015-03-31/functions")]
    [InlineData("https://LAMBDA.eu-west-1.amazonaws.com./")]
    public void CheckEndpoint_NameMatchingAWildcardLabel_IsAllowed(string url)
    {
        Assert.Null(Policy().CheckEndpoint("aws-lambda", new Uri(url)));
    }

    [Theory]
    [InlineData("https://lambda.amazonaws.com/")]
    [InlineData("https://lambda.eu-west-1.amazonaws.com.evil.example/")]
    [InlineData("https://xlambda.eu-west-1.amazonaws.com/")]
    [InlineData("https://evil.example/")]
    public void CheckEndpoint_NameOutsideTheWildcard_IsRefusedNamingTheKey(string url)
    {
        var reason = Policy().CheckEndpoint("aws-lambda", new Uri(url));

        Assert.NotNull(reason);
        Assert.Contains("Portal:TargetPolicy:Kinds:aws-lambda:Hosts", reason);
        Assert.Contains("allowed: loopback, lambda.*.amazonaws.com", reason);
    }

    [Fact]
    public void CheckEndpoint_LeadingWildcard_TakesOneOrMoreLabelsButNotNone()
    {
        var policy = Policy();

        Assert.Null(policy.CheckEndpoint("kubernetes", new Uri("https://api.corp.example:6443")));
        Assert.Null(policy.CheckEndpoint("kubernetes", new Uri("https://a.b.corp.example:6443")));
        Assert.NotNull(policy.CheckEndpoint("kubernetes", new Uri("https://corp.example:6443")));
    }

    [Fact]
    public void CheckEndpoint_HostWithAPort_AllowsThatPortOnly()
    {
        var policy = Policy();

        Assert.Null(policy.CheckEndpoint("fastly", new Uri("https://api.fastly.com/service")));
        var reason = policy.CheckEndpoint("fastly", new Uri("https://api.fastly.com:8443/service"));

        Assert.Equal("Host 'api.fastly.com:8443' is not in Portal:TargetPolicy:Kinds:fastly:Hosts or Networks (allowed: loopback, api.fastly.com:443).", reason);
    }

    [Theory]
    [InlineData("https://10.200.0.1:6443", true)]
    [InlineData("https://[fd00::17]:6443", true)]
    [InlineData("https://[::ffff:10.3.4.5]:6443", true)]
    [InlineData("https://11.0.0.1:6443", false)]
    [InlineData("https://inside.corp.other/", true)]
    [InlineData("https://straddles.corp.other/", false)]
    [InlineData("https://unknown.corp.other/", false)]
    public void CheckEndpoint_Networks_MatchLiteralsAndNamesWhoseEveryAddressIsInside(string url, bool allowed)
    {
        var policy = Policy(resolve: name => Dns.TryGetValue(name.Replace(".other", ".example", StringComparison.Ordinal), out var found) ? found : throw new System.Net.Sockets.SocketException(11001));

        Assert.Equal(allowed, policy.CheckEndpoint("kubernetes", new Uri(url)) is null);
    }

    [Fact]
    public void CheckEndpoint_NameAllowedThroughNetworks_IsLookedUpOncePerCachePeriod()
    {
        var lookups = 0;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var policy = Policy(resolve: _ => { Interlocked.Increment(ref lookups); return [IPAddress.Parse("10.1.2.3")]; }, time: time);
        var endpoint = new Uri("https://api.internal.other:6443/");

        for (var i = 0; i < 50; i++)
        {
            Assert.Null(policy.CheckEndpoint("kubernetes", endpoint));
        }
        var withinThePeriod = lookups;
        time.Advance(TargetPolicy.NameCacheFor + TimeSpan.FromSeconds(1));
        Assert.Null(policy.CheckEndpoint("kubernetes", endpoint));

        Assert.Equal((1, 2), (withinThePeriod, lookups));
    }

    [Fact]
    public void CheckEndpoint_NameThatMovedOutOfTheNetworks_IsRefusedOnceTheCachePeriodEnds()
    {
        var address = IPAddress.Parse("10.1.2.3");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var policy = Policy(resolve: _ => [address], time: time);
        var endpoint = new Uri("https://api.internal.other:6443/");
        Assert.Null(policy.CheckEndpoint("kubernetes", endpoint));

        address = IPAddress.Parse("169.254.169.254");
        time.Advance(TargetPolicy.NameCacheFor + TimeSpan.FromSeconds(1));

        Assert.NotNull(policy.CheckEndpoint("kubernetes", endpoint));
    }

    [Fact]
    public void CheckEndpoint_PlainHttpToAnAllowedHost_IsRefusedUnlessTheKindAllowsHttp()
    {
        var policy = Policy();

        Assert.Equal(
            "Plain http to 'api.corp.example' is not allowed for kind 'kubernetes': use https, or set Portal:TargetPolicy:Kinds:kubernetes:AllowHttp to true.",
            policy.CheckEndpoint("kubernetes", new Uri("http://api.corp.example:6443")));
        Assert.Null(policy.CheckEndpoint("prometheus", new Uri("http://prom.corp.example:9090")));
    }

    [Theory]
    [InlineData("http://localhost:9090")]
    [InlineData("http://127.0.0.1:1/")]
    [InlineData("http://127.8.9.1/")]
    [InlineData("http://[::1]:9090/")]
    public void CheckEndpoint_Loopback_IsAllowedOverHttpToAnyKindWhenAllowLoopback(string url)
    {
        Assert.Null(Policy().CheckEndpoint("unconfigured-kind", new Uri(url)));
        Assert.NotNull(Policy(allowLoopback: false).CheckEndpoint("unconfigured-kind", new Uri(url)));
    }

    [Theory]
    [InlineData("http://0.0.0.0:9090/")]
    [InlineData("http://localhost.evil.example/")]
    [InlineData("http://127.0.0.1.evil.example/")]
    public void CheckEndpoint_LoopbackLookalikes_AreRefused(string url)
    {
        Assert.NotNull(Policy().CheckEndpoint("prometheus", new Uri(url)));
    }

    [Fact]
    public void CheckEndpoint_KindNotConfigured_SaysOnlyLoopbackAndTheKeyToAdd()
    {
        Assert.Equal(
            "Host 'evil.example' is not allowed for kind 'http-webhook': Portal:TargetPolicy:Kinds:http-webhook is not configured, so only loopback is (add the host to Portal:TargetPolicy:Kinds:http-webhook:Hosts).",
            Policy().CheckEndpoint("http-webhook", new Uri("https://evil.example/hook")));
    }

    [Fact]
    public void CheckEndpoint_FileUri_IsRefused()
    {
        Assert.NotNull(Policy().CheckEndpoint("prometheus", new Uri("file:///etc/passwd")));
    }

    [Fact]
    public void IsEnabled_OnlyFeaturesTheOperatorListed()
    {
        var policy = Policy();

        Assert.True(policy.IsEnabled("kubernetes", "in-cluster"));
        Assert.True(policy.IsEnabled("Kubernetes", "IN-CLUSTER"));
        Assert.False(policy.IsEnabled("kubernetes", "something-else"));
        Assert.False(policy.IsEnabled("prometheus", "in-cluster"));
    }

    internal static TargetPolicy Policy(
        bool allowLoopback = true, Func<string, IPAddress[]>? resolve = null, string? root = null, string? home = null, string? data = null, TimeProvider? time = null) =>
        new(
            new TargetPolicyOptions
            {
                AllowLoopback = allowLoopback,
                Kinds =
                {
                    ["fastly"] = new() { Hosts = ["api.fastly.com:443"] },
                    ["aws-lambda"] = new() { Hosts = ["lambda.*.amazonaws.com"] },
                    ["kubernetes"] = new() { Hosts = ["*.corp.example"], Networks = ["10.0.0.0/8", "fd00::/8"], Features = ["in-cluster"] },
                    ["prometheus"] = new() { Hosts = ["prom.corp.example"], AllowHttp = true },
                    ["db-migrations"] = new() { Root = root ?? "" },
                },
            },
            home ?? Path.GetTempPath(),
            data ?? Path.Combine(Path.GetTempPath(), "portal-data-that-is-not-there"),
            resolve ?? (_ => throw new System.Net.Sockets.SocketException(11001)),
            time);
}
