using System.Text.Json;
using PortalRelease.Portal.Targets;
using PortalRelease.Portal.Targets.Policy;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// A third-party driver that only annotates its settings <c>"x-portal-destination"</c> still gets the operator's policy:
/// the portal checks URL and host values itself when the target is saved.
/// </summary>
public sealed class TargetDestinationPolicyTests
{
    private static readonly TargetPolicy Policy = new(
        new TargetPolicyOptions
        {
            AllowLoopback = false,
            Kinds = { ["acme"] = new() { Hosts = ["api.acme.example"] }, ["prometheus"] = new() { Hosts = ["prom.corp.example"] } },
        },
        Path.GetTempPath(),
        Path.Combine(Path.GetTempPath(), "no-such-portal-data"),
        _ => []);

    [Theory]
    [InlineData("""{"url":"https://api.acme.example/v1","host":"api.acme.example:8443","region":"eu-west-1"}""", null)]
    [InlineData("""{"url":"https://evil.example/v1"}""", "/settings/url")]
    [InlineData("""{"url":"http://api.acme.example/v1"}""", "/settings/url")]
    [InlineData("""{"host":"evil.example:8443"}""", "/settings/host")]
    [InlineData("""{"host":"10.1.2.3"}""", "/settings/host")]
    [InlineData("""{"metrics":{"url":"https://prom.corp.example"}}""", null)]
    [InlineData("""{"metrics":{"url":"https://api.acme.example"}}""", "/settings/metrics/url")]
    public async Task Validate_AnnotatedDestination_IsCheckedAgainstThePolicyOfItsKind(string settings, string? refusedAt)
    {
        var errors = await ValidateAsync(settings, new Dictionary<string, JsonElement>());

        if (refusedAt is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains("Portal:TargetPolicy:Kinds:", Assert.Single(errors, e => e.Path == refusedAt).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"host":"//evil.example"}""", "/settings/host")]
    [InlineData("""{"host":"api.acme.example evil.example"}""", "/settings/host")]
    [InlineData("""{"host":"api.acme.example/@evil.example"}""", "/settings/host")]
    [InlineData("""{"host":"api.acme.example\\evil.example"}""", "/settings/host")]
    [InlineData("""{"host":"api.acme.example:99999"}""", "/settings/host")]
    [InlineData("""{"host":"api.acme.example:"}""", "/settings/host")]
    [InlineData("""{"host":"api..acme.example"}""", "/settings/host")]
    [InlineData("""{"host":"-api.acme.example"}""", "/settings/host")]
    [InlineData("""{"host":"https:/evil.example"}""", "/settings/host")]
    [InlineData("""{"url":"https://"}""", "/settings/url")]
    [InlineData("""{"url":"https:// evil.example"}""", "/settings/url")]
    public async Task Validate_AnnotatedValueNeitherHostNorUrl_IsRefusedNamingTheField(string settings, string refusedAt)
    {
        var errors = await ValidateAsync(settings, new Dictionary<string, JsonElement>());

        var error = Assert.Single(errors);
        Assert.Equal(refusedAt, error.Path);
        Assert.Contains("host[:port]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"host":"api.acme.example"}""")]
    [InlineData("""{"host":"API.Acme.Example:8443"}""")]
    [InlineData("""{"region":"eu-west-1"}""")]
    [InlineData("""{"region":"Host=db.corp.example;Port=5432;Database=app"}""")]
    [InlineData("""{"region":"apiVersion: v1\nclusters: []"}""")]
    [InlineData("""{"region":"{\"apiVersion\":\"v1\"}"}""")]
    public async Task Validate_AnnotatedHostNameOrDriversOwnForm_IsNotRefusedAsMalformed(string settings)
    {
        var errors = await ValidateAsync(settings, new Dictionary<string, JsonElement>());

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Validate_AnnotatedSecretNeitherHostNorUrl_IsRefusedWithoutQuotingIt()
    {
        var errors = await ValidateAsync("""{"url":"https://api.acme.example"}""", new Dictionary<string, JsonElement>
        {
            ["hook"] = JsonSerializer.SerializeToElement("hooks.evil.example s3cr3t-path"),
        });

        var error = Assert.Single(errors);
        Assert.Equal("/secrets/hook", error.Path);
        Assert.DoesNotContain("s3cr3t-path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AnnotatedSecretUrl_IsCheckedWithoutQuotingIt()
    {
        var errors = await ValidateAsync("""{"url":"https://api.acme.example"}""", new Dictionary<string, JsonElement>
        {
            ["hook"] = JsonSerializer.SerializeToElement("https://hooks.evil.example/T000/B000/s3cr3t-path"),
        });

        var error = Assert.Single(errors);
        Assert.Equal("/secrets/hook", error.Path);
        Assert.DoesNotContain("s3cr3t-path", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<TargetError>> ValidateAsync(string settings, Dictionary<string, JsonElement> secrets)
    {
        var errors = new List<TargetError>();
        var input = new TargetInput("t", "acme", JsonSerializer.Deserialize<JsonElement>(settings), secrets);
        await TargetValidator.ValidateAsync(input, new AcmeDriver(), new Dictionary<string, string>(), errors, TimeSpan.FromSeconds(5), Policy, CancellationToken.None);
        return errors;
    }

    /// <summary>A plugin's driver as a third party would write it: a schema with annotations, and nothing else checked.</summary>
    private sealed class AcmeDriver : ITargetDriver
    {
        public string Kind => "acme";

        public string DisplayName => "Acme";

        public DriverCapabilities Capabilities => DriverCapabilities.AllAtOnce;

        public string SettingsSchema => """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "properties": {
                "url": { "type": "string", "x-portal-destination": true },
                "host": { "type": "string", "x-portal-destination": true },
                "region": { "type": "string", "x-portal-destination": true },
                "hook": { "type": "string", "writeOnly": true, "x-portal-destination": true },
                "metrics": { "type": "object", "properties": { "url": { "type": "string", "x-portal-destination": "prometheus" } } }
              }
            }
            """;

        public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<SettingsError>>([]);

        public Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
