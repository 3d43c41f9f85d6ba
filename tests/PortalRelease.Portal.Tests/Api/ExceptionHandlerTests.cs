using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// What escapes an endpoint is answered with problem+json on real Kestrel: a 500 with a trace id for a fault, a 413
/// for a body over the limit, a 400 for bytes that are not UTF-8; never a stack trace or an exception's message.
/// </summary>
public sealed class ExceptionHandlerTests : IAsyncLifetime
{
    private KestrelPortal _portal = null!;

    public Task InitializeAsync()
    {
        _portal = new KestrelPortal();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task UnhandledException_CorruptRow_Returns500ProblemWithTraceIdOnly()
    {
        await _portal.ExecuteSqlAsync("UPDATE targets SET settings = '{\"broken' WHERE name = 'sandbox-eu'");

        using var response = await _portal.Http.GetAsync("/api/targets");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("broken", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task PostBody_OverTheLimit_Returns413Problem()
    {
        var huge = "{\"template\":\"quick-canary\",\"version\":\"1.0.0\",\"metadata\":{\"team\":\"" + new string('a', 2 * 1024 * 1024) + "\"}}";
        using var content = new StringContent(huge, Encoding.UTF8, "application/json");

        using var response = await _portal.Http.PostAsync("/api/releases", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNoReleasesAsync();
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task PostBody_ChunkedOverTheLimit_Returns413Problem()
    {
        var huge = "{\"template\":\"quick-canary\",\"version\":\"1.0.0\",\"metadata\":{\"team\":\"" + new string('a', 2 * 1024 * 1024) + "\"}}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _portal.Http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNoReleasesAsync();
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task PostBody_InvalidUtf8InsideAJsonString_Returns400NamingWhere()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"template\":\"quick-canary\",\"version\":\"1.0.0\",\"metadata\":{\"team\":\"ab\u00ffcd\"}}");
        // Turn the two bytes of U+00FF into a lone continuation byte and an invalid lead byte.
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at] = 0xFF;
        bytes[at + 1] = 0xFE;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _portal.Http.PostAsync("/api/releases", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("UTF-8", detail, StringComparison.Ordinal);
        Assert.Contains("metadata.team", detail, StringComparison.Ordinal);
        await AssertNoReleasesAsync();
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task AlertWebhook_InvalidUtf8InALabel_Returns400NamingWhere()
    {
        var payload = AlertmanagerPayloads.Payload("firing", AlertmanagerPayloads.Alert("firing", "fp-1", "checkout", "High\u00ffRate"));
        var json = payload.ToJsonString().Replace("\\u00FF", "\u00ff", StringComparison.OrdinalIgnoreCase);
        var bytes = Encoding.UTF8.GetBytes(json);
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at] = 0xFF;
        bytes[at + 1] = 0xFE;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _portal.Http.PostAsync("/api/webhooks/alertmanager", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("$.alerts[0].labels.alertname", out _), body);
        Assert.Contains("UTF-8", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var incidents = JsonDocument.Parse(await _portal.Http.GetStringAsync("/api/incidents"));
        Assert.Empty(incidents.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task TemplateImport_InvalidUtf8_Returns400AndSavesNothing()
    {
        var before = await _portal.Http.GetStringAsync("/api/templates");
        var bytes = Encoding.UTF8.GetBytes("name: bad-bytes\nstages:\n  - name: a\n    targets: [sandbox-eu]\n    steps:\n      - setWeight: 10\n# caf\u00e9\n");
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at] = 0xFF;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");

        using var response = await _portal.Http.PostAsync("/api/templates", content);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Contains("UTF-8", body, StringComparison.Ordinal);
        Assert.Equal(before, await _portal.Http.GetStringAsync("/api/templates"));
    }

    private async Task AssertNoReleasesAsync()
    {
        using var list = JsonDocument.Parse(await _portal.Http.GetStringAsync("/api/releases"));
        Assert.Empty(list.RootElement.EnumerateArray());
    }

    private async Task AssertStillServingAsync()
    {
        using var response = await _portal.Http.GetAsync("/api/templates");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
