using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Input;

/// <summary>
/// Identifiers match the whole text (a trailing newline is not a look-alike of a name), numbers are finite and sane, and
/// every size limit of <c>Portal:Limits</c> is a 4xx that names the field and the setting, with nothing saved.
/// </summary>
public sealed class InputBoundsTests : PortalTest
{
    private const string NumberTemplate = """
        name: numbers
        parameters:
          - name: threshold
            type: number
        stages:
          - name: only
            targets: [sandbox-eu]
            steps:
              - setWeight: 10
              - analysis:
                  metric: error-rate
                  max: "{{ threshold }}"
                  interval: 1s
                  count: 1
        """;

    [Fact]
    public async Task CreateTarget_NameWithTrailingNewline_Returns400AndSavesNothing()
    {
        var before = await Portal.Http.GetStringAsync("/api/targets");

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsJsonAsync("/api/targets", new { name = "sandbox-eu\n", kind = "sandbox" }));

        Assert.Contains("/name", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before, await Portal.Http.GetStringAsync("/api/targets"));
    }

    [Theory]
    [InlineData("name: \"quick-canary\\n\"\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    steps:\n      - setWeight: 10\n", "name")]
    [InlineData("name: nl-param\nparameters:\n  - name: \"region\\n\"\n    type: string\n    default: eu\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    steps:\n      - setWeight: 10\n", "parameters[0].name")]
    [InlineData("name: nl-approval\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    approval: { role: \"release-managers\\n\" }\n    steps:\n      - setWeight: 10\n", "stages[0].approval.role")]
    public async Task ImportTemplate_IdentifierWithTrailingNewline_Returns400AndSavesNothing(string yaml, string path)
    {
        var before = await Portal.Http.GetStringAsync("/api/templates");

        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsync("/api/templates", content));

        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == path);
        Assert.Equal(before, await Portal.Http.GetStringAsync("/api/templates"));
    }

    [Fact]
    public async Task CreateRelease_VersionWithTrailingNewline_Returns400AndCreatesNothing()
    {
        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsJsonAsync("/api/releases", new { template = "quick-canary", version = "1.0.0\n" }));

        Assert.True(problem.GetProperty("errors").TryGetProperty("version", out _), problem.GetRawText());
        Assert.Contains("1.0.0\\n", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoReleasesAsync();
    }

    [Fact]
    public async Task CreateTarget_HugeNumberSetting_Returns400NamingTheFieldAndSavesNothing()
    {
        var before = await Portal.Http.GetStringAsync("/api/targets");
        using var content = new StringContent("""{"name":"huge","kind":"sandbox","settings":{"applyDelayMs":1e308}}""", Encoding.UTF8, "application/json");

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsync("/api/targets", content));

        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "/settings/applyDelayMs");
        Assert.Equal(before, await Portal.Http.GetStringAsync("/api/targets"));
    }

    [Fact]
    public async Task UpdateTarget_DelayBeyondTheSchemaMaximum_Returns400AndKeepsTheSettings()
    {
        var before = await Portal.Http.GetStringAsync("/api/targets/sandbox-eu");
        using var content = new StringContent("""{"settings":{"applyDelayMs":1e12}}""", Encoding.UTF8, "application/json");

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PutAsync("/api/targets/sandbox-eu", content));

        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "/settings/applyDelayMs");
        Assert.Equal(before, await Portal.Http.GetStringAsync("/api/targets/sandbox-eu"));
    }

    [Fact]
    public async Task ImportTemplate_HugeNumberDefault_Returns400()
    {
        using var content = new StringContent(NumberTemplate.Replace("type: number", "type: number\n    default: 1e308", StringComparison.Ordinal), Encoding.UTF8, "application/yaml");

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsync("/api/templates", content));

        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "parameters[0].default");
    }

    [Fact]
    public async Task CreateRelease_HugeNumberParameter_Returns400AndCreatesNothing()
    {
        await Portal.Client.ImportTemplateAsync(NumberTemplate);
        using var content = new StringContent("""{"template":"numbers","version":"1.0.0","parameters":{"threshold":1e308}}""", Encoding.UTF8, "application/json");

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsync("/api/releases", content));

        Assert.True(problem.GetProperty("errors").TryGetProperty("parameters.threshold", out _), problem.GetRawText());
        await AssertNoReleasesAsync();
    }

    [Fact]
    public async Task ImportTemplate_MoreStepsThanTheLimit_Returns400NamingTheSetting()
    {
        var steps = string.Concat(Enumerable.Range(0, 101).Select(i => $"      - setWeight: {i % 100}\n"));
        using var content = new StringContent($"name: many-steps\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    steps:\n{steps}", Encoding.UTF8, "application/yaml");

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsync("/api/templates", content));

        Assert.Contains("Portal:Limits:TemplateStepsPerStage", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "stages[0].steps");
    }

    [Fact]
    public async Task ImportTemplate_MoreStepsInAllThanTheLimit_Returns400NamingTheSetting()
    {
        var stage = string.Concat(Enumerable.Range(0, 100).Select(i => $"      - setWeight: {i}\n"));
        var stages = string.Concat(Enumerable.Range(0, 11).Select(s => $"  - name: s{s}\n    targets: [sandbox-eu]\n    steps:\n{stage}"));
        using var content = new StringContent($"name: many-stages\nstages:\n{stages}", Encoding.UTF8, "application/yaml");

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsync("/api/templates", content));

        Assert.Contains("Portal:Limits:TemplateSteps)", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTarget_ValueLongerThanTheLimit_Returns400NamingTheSetting()
    {
        var before = await Portal.Http.GetStringAsync("/api/targets");

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsJsonAsync("/api/targets",
            new { name = "long-value", kind = "sandbox", settings = new { fault = new { versionPattern = new string('x', 40_000) } } }));

        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "/settings/fault/versionPattern"
            && e.GetProperty("message").GetString()!.Contains("Portal:Limits:TargetValueLength", StringComparison.Ordinal));
        Assert.Equal(before, await Portal.Http.GetStringAsync("/api/targets"));
    }

    [Fact]
    public async Task CreateTarget_SettingsLargerThanTheLimit_Returns400NamingTheSetting()
    {
        var before = await Portal.Http.GetStringAsync("/api/targets");
        var settings = new JsonObject { ["prometheus"] = new JsonObject(Enumerable.Range(0, 40).Select(i => KeyValuePair.Create($"k{i}", (JsonNode?)new string('x', 2000)))) };

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsJsonAsync("/api/targets", new JsonObject { ["name"] = "big", ["kind"] = "sandbox", ["settings"] = settings }));

        Assert.Contains("Portal:Limits:TargetBytes", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before, await Portal.Http.GetStringAsync("/api/targets"));
    }

    [Fact]
    public async Task CreateRelease_MoreParameterValuesThanTheLimit_Returns400AndCreatesNothing()
    {
        var parameters = new JsonObject(Enumerable.Range(0, 101).Select(i => KeyValuePair.Create($"p{i}", (JsonNode?)i)));

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsJsonAsync("/api/releases", new JsonObject { ["template"] = "quick-canary", ["version"] = "1.0.0", ["parameters"] = parameters }));

        Assert.Contains("Portal:Limits:TemplateParameters", problem.GetRawText(), StringComparison.Ordinal);
        await AssertNoReleasesAsync();
    }

    [Fact]
    public async Task Alertmanager_MoreAlertsThanTheLimit_Returns400AndRecordsNothing()
    {
        var alerts = Enumerable.Range(0, 501).Select(i => AlertmanagerPayloads.Alert("firing", $"fp-{i}", "checkout")).ToArray();

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsJsonAsync("/api/webhooks/alertmanager", AlertmanagerPayloads.Payload("firing", alerts)));

        Assert.Contains("Portal:Limits:Alerts", problem.GetProperty("errors").GetProperty("$.alerts")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("[]", await Portal.Http.GetStringAsync("/api/incidents"));
    }

    [Fact]
    public async Task Alertmanager_LabelLongerThanTheLimit_Returns400NamingTheLabel()
    {
        var alert = AlertmanagerPayloads.Alert("firing", "fp-1", "checkout");
        alert["labels"]!["team"] = new string('x', 5000);

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsJsonAsync("/api/webhooks/alertmanager", AlertmanagerPayloads.Payload("firing", alert)));

        Assert.True(problem.GetProperty("errors").TryGetProperty("$.alerts[0].labels.team", out _), problem.GetRawText());
        Assert.Equal("[]", await Portal.Http.GetStringAsync("/api/incidents"));
    }

    [Theory]
    [InlineData("/api/quarantine", """{"service":"checkout","version":"1.0.0","reason":"LONG"}""")]
    [InlineData("/api/releases/nope/override", """{"gate":"window","reason":"LONG"}""")]
    [InlineData("/api/releases/nope/approve", """{"comment":"LONG"}""")]
    [InlineData("/api/releases/nope/pause", """{"reason":"LONG"}""")]
    public async Task Comment_LongerThanTheLimit_Returns400NamingTheSetting(string url, string body)
    {
        using var content = new StringContent(body.Replace("LONG", new string('x', 2001), StringComparison.Ordinal), Encoding.UTF8, "application/json");

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsync(url, content));

        Assert.Contains("Portal:Limits:CommentLength", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("[]", await Portal.Http.GetStringAsync("/api/quarantine"));
    }

    [Fact]
    public async Task ErrorMessage_LongInput_QuotesAShortExcerptOnly()
    {
        var name = "a" + new string('b', 5000) + "!";

        var problem = await ExpectAsync(HttpStatusCode.BadRequest, await Portal.Http.PostAsJsonAsync("/api/releases", new { template = "quick-canary", version = name }));

        var text = problem.GetRawText();
        Assert.DoesNotContain(new string('b', 100), text, StringComparison.Ordinal);
        Assert.Contains("…", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task AssertNoReleasesAsync() => Assert.Equal("[]", await Portal.Http.GetStringAsync("/api/releases"));

    private static async Task<JsonElement> ExpectAsync(HttpStatusCode status, HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 2000)]}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(text);
            return json.RootElement.Clone();
        }
    }
}
