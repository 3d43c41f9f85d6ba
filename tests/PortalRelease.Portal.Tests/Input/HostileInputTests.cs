using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Input;

/// <summary>One real portal on Kestrel for every hostile request below (each must change nothing, so they can share it).</summary>
public sealed class HostilePortalFixture : IAsyncLifetime
{
    internal KestrelPortal Portal { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Portal = new KestrelPortal();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Portal.DisposeAsync();
}

/// <summary>
/// The review's bad inputs at every API route that takes input: broken JSON, invalid UTF-8, huge bodies, 1e308, NaN
/// strings, trailing newlines, deep nesting, wrong content types and unknown fields. Each answer is a 4xx problem+json,
/// nothing is saved (every list reads the same before and after) and the portal keeps serving.
/// </summary>
public sealed class HostileInputTests(HostilePortalFixture fixture) : IClassFixture<HostilePortalFixture>
{
    private static readonly string[] Lists = ["/api/releases", "/api/targets", "/api/templates", "/api/incidents", "/api/quarantine/history"];

    private static readonly (string Method, string Url)[] JsonRoutes =
    [
        ("POST", "/api/releases"),
        ("POST", "/api/releases/nope/pause"),
        ("POST", "/api/releases/nope/approve"),
        ("POST", "/api/releases/nope/reject"),
        ("POST", "/api/releases/nope/override"),
        ("POST", "/api/quarantine"),
        ("POST", "/api/quarantine/checkout/1.0.0/lift"),
        ("POST", "/api/targets"),
        ("PUT", "/api/targets/sandbox-eu"),
        ("POST", "/api/webhooks/alertmanager"),
    ];

    private static readonly Dictionary<string, Func<HttpContent>> GenericBodies = new()
    {
        ["broken JSON"] = () => Json("{\"reason\": \"x\", "),
        ["invalid UTF-8"] = () => Bytes([.. "{\"reason\":\"a"u8, 0xFF, 0xFE, .. "b\"}"u8], "application/json"),
        ["huge body"] = () => Json("{\"reason\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"),
        ["deep nesting"] = () => Json(new string('[', 5000) + new string(']', 5000)),
        ["deep object"] = () => Json(string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000)),
        ["wrong content type"] = () => new StringContent("name: quick-canary\nversion: 1.0.0\n", Encoding.UTF8, "text/plain"),
        ["unknown field with 1e308"] = () => Json("{\"colour\": 1e308}"),
        ["a number for the body"] = () => Json("1e308"),
        ["a NaN string for the body"] = () => Json("\"NaN\""),
        ["empty"] = () => Json(""),
    };

    private static readonly (string Method, string Url, string Body)[] SpecificBodies =
    [
        ("POST", "/api/releases", """{"template":"quick-canary","version":"1.0.0\n"}"""),
        ("POST", "/api/releases", """{"template":"quick-canary\n","version":"1.0.0"}"""),
        ("POST", "/api/releases", """{"template":"web-canary","version":"1.0.0","parameters":{"maxErrorRate":"NaN"}}"""),
        ("POST", "/api/releases", """{"template":"web-canary","version":"1.0.0","parameters":{"maxErrorRate":1e308}}"""),
        ("POST", "/api/releases", """{"template":"web-canary","version":"1.0.0","parameters":{"maxErrorRate":1e400}}"""),
        ("POST", "/api/releases", """{"template":"web-canary","version":"1.0.0","parameters":{"region\n":"eu"}}"""),
        ("POST", "/api/releases", """{"template":"quick-canary","version":"1.0.0","metadata":{"team":"a\nb"}}"""),
        ("POST", "/api/targets", """{"name":"sandbox-eu\n","kind":"sandbox"}"""),
        ("POST", "/api/targets", """{"name":"x1","kind":"sandbox","settings":{"requestsPerSecond":1e308}}"""),
        ("POST", "/api/targets", """{"name":"x2","kind":"sandbox","settings":{"baseErrorRate":"NaN"}}"""),
        ("POST", "/api/targets", """{"name":"x3","kind":"sandbox","settings":{"applyDelayMs":-1e308}}"""),
        ("POST", "/api/targets", """{"name":"x4","kind":"sandbox\n"}"""),
        ("PUT", "/api/targets/sandbox-eu", """{"settings":{"fault":{"versionPattern":"*-bad","afterSeconds":1e308}}}"""),
        ("POST", "/api/quarantine", """{"service":"checkout\n","version":"1.0.0","reason":"bad"}"""),
        ("POST", "/api/quarantine", """{"service":"checkout","version":"1.0.0\n","reason":"bad"}"""),
        ("POST", "/api/releases/nope/override", """{"gate":"window\n","reason":"x"}"""),
        ("POST", "/api/webhooks/alertmanager", """{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"service":1e308}}]}"""),
    ];

    private static readonly string[] HostileTemplates =
    [
        "name: \"quick-canary\\n\"\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    steps:\n      - setWeight: 10\n",
        "name: t1\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    steps:\n      - setWeight: 1e308\n",
        "name: t2\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    steps:\n      - pause: { duration: 99999999999999999999h }\n",
        "name: t3\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    steps:\n      - analysis: { metric: error-rate, max: 1e308, interval: 1s, count: 1 }\n",
        "name: t4\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    steps:\n      - analysis: { metric: error-rate, max: NaN, interval: 1s, count: 1 }\n",
        "name: t5\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    strategy: { rolling: { batchSize: 1, instances: 99999999999 } }\n    steps:\n      - setWeight: 10\n",
        "name: t6\nstages:\n  - name: a\n    targets: [\"sandbox-eu\\n\"]\n    steps:\n      - setWeight: 10\n",
        "name: t7\n" + new string('[', 5000),
        "{\"name\": \"t8\", \"stages\": ",
        "name: t9\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    steps:\n" + string.Concat(Enumerable.Repeat("      - setWeight: 10\n", 2000)),
        new string('#', 2 * 1024 * 1024),
    ];

    public static TheoryData<string, string, string> GenericCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, url) in JsonRoutes)
        {
            foreach (var body in GenericBodies.Keys)
            {
                data.Add(method, url, body);
            }
        }
        return data;
    }

    public static TheoryData<int> SpecificCases() => [.. Enumerable.Range(0, SpecificBodies.Length)];

    public static TheoryData<int> TemplateCases() => [.. Enumerable.Range(0, HostileTemplates.Length)];

    [Theory]
    [MemberData(nameof(GenericCases))]
    public async Task JsonRoute_HostileBody_Answers4xxProblemAndSavesNothing(string method, string url, string body)
    {
        await AssertRefusedAsync(Send(method, url, GenericBodies[body]()), $"{method} {url} with {body}");
    }

    [Theory]
    [MemberData(nameof(SpecificCases))]
    public async Task JsonRoute_HostileValue_Answers4xxProblemAndSavesNothing(int index)
    {
        var (method, url, body) = SpecificBodies[index];

        await AssertRefusedAsync(Send(method, url, Json(body)), $"{method} {url} with {body}");
    }

    [Theory]
    [MemberData(nameof(TemplateCases))]
    public async Task TemplateImport_HostileYaml_Answers4xxProblemAndSavesNothing(int index)
    {
        var yaml = HostileTemplates[index];

        await AssertRefusedAsync(
            Send("POST", "/api/templates", new StringContent(yaml, Encoding.UTF8, "application/yaml")),
            $"template {yaml[..Math.Min(60, yaml.Length)]}");
    }

    [Theory]
    [InlineData("/api/targets/sandbox-eu/dry-run?version=1.0.0%0A")]
    [InlineData("/api/targets/sandbox-eu/dry-run?version=1.0.0&weight=1e308")]
    [InlineData("/api/targets/sandbox-eu/dry-run?version=1.0.0&weight=NaN")]
    [InlineData("/api/targets/sandbox-eu/dry-run?version=1.0.0&cohort=canary%0A")]
    [InlineData("/api/releases/nope/events?after=1e308")]
    [InlineData("/api/releases/nope/events?after=NaN")]
    public async Task QueryRoute_HostileValue_Answers4xxProblem(string url)
    {
        await AssertRefusedAsync(Send("GET", url, null), url);
    }

    private async Task AssertRefusedAsync(Func<HttpRequestMessage> request, string what)
    {
        var http = fixture.Portal.Http;
        var before = await SnapshotAsync(http);

        using var message = request();
        using var response = await http.SendAsync(message);

        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{what}: {status} {text[..Math.Min(text.Length, 500)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(text))
        {
            Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        }
        Assert.True(text.Length < 20_000, $"{what}: the answer is {text.Length} characters long");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(http));
    }

    private static async Task<string> SnapshotAsync(HttpClient http)
    {
        var lists = new StringBuilder();
        foreach (var list in Lists)
        {
            using var response = await http.GetAsync(list);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {list}: {(int)response.StatusCode}: the portal stopped serving");
            lists.AppendLine(await response.Content.ReadAsStringAsync());
        }
        return lists.ToString();
    }

    private static Func<HttpRequestMessage> Send(string method, string url, HttpContent? content) =>
        () => new HttpRequestMessage(new HttpMethod(method), url) { Content = content };

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }
}
