using System.Net;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Portal.Tests.Api;

public sealed class ApiErrorsTests : PortalTest
{
    [Theory]
    [InlineData("GET", "/api/releases/nope")]
    [InlineData("GET", "/api/releases/nope/events")]
    [InlineData("GET", "/api/releases/nope/events?after=3")]
    [InlineData("POST", "/api/releases/nope/pause")]
    [InlineData("POST", "/api/releases/nope/resume")]
    [InlineData("POST", "/api/releases/nope/abort")]
    [InlineData("POST", "/api/releases/nope/rollback")]
    [InlineData("GET", "/api/templates/nope")]
    public async Task UnknownId_AnyEndpoint_Returns404Problem(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        using var response = await Portal.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("nope", problem.RootElement.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{\"template\":\"quick-canary\",\"version\":\"1.0", "JSON")]
    [InlineData("""{"template":"quick-canary","version":1}""", "$.version")]
    [InlineData("""{"template":"quick-canary","version":"1.0","colour":"red"}""", "colour")]
    [InlineData("null", "null")]
    [InlineData("[]", "JSON")]
    public async Task CreateRelease_UnreadableBody_Returns400NamingWhere(string body, string mentioned)
    {
        var problem = await PostReleaseAsync(body);

        Assert.Contains(mentioned, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("""{"template":"no-such-template","version":"1.0.0"}""", "template")]
    [InlineData("""{"version":"1.0.0"}""", "template")]
    [InlineData("""{"template":"quick-canary"}""", "version")]
    [InlineData("""{"template":"quick-canary","version":"  "}""", "version")]
    [InlineData("""{"template":"quick-canary","version":"1.0/../x"}""", "version")]
    [InlineData("""{"template":"quick-canary","version":"-1.0"}""", "version")]
    [InlineData("""{"template":"web-canary","version":"1.0.0","parameters":{"maxErrorRate":"high"}}""", "parameters.maxErrorRate")]
    [InlineData("""{"template":"web-canary","version":"1.0.0","parameters":{"region":"mars"}}""", "parameters.region")]
    [InlineData("""{"template":"web-canary","version":"1.0.0","parameters":{"bake":"forever"}}""", "parameters.bake")]
    [InlineData("""{"template":"web-canary","version":"1.0.0","parameters":{"colour":"red"}}""", "parameters.colour")]
    [InlineData("""{"template":"quick-canary","version":"1.0.0","parameters":{"x":1}}""", "parameters.x")]
    public async Task CreateRelease_InvalidRequest_Returns400WithTheFieldNamedAndCreatesNothing(string body, string field)
    {
        var problem = await PostReleaseAsync(body);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"No error for '{field}' in {errors.GetRawText()}");
        Assert.Contains(messages.EnumerateArray(), m => !string.IsNullOrWhiteSpace(m.GetString()));
        using var list = JsonDocument.Parse(await Portal.Http.GetStringAsync("/api/releases"));
        Assert.Empty(list.RootElement.EnumerateArray());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public async Task GetEvents_BadAfter_Returns400(string after)
    {
        var id = await Portal.Client.CreateReleaseAsync("quick-canary", "1.0.0");

        using var response = await Portal.Http.GetAsync($"/api/releases/{id}/events?after={after}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("after", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Command_BadJsonBody_Returns400NotAcceptedCommand()
    {
        var id = await Portal.Client.CreateReleaseAsync("manual-gate", "1.0.0");

        using var content = new StringContent("{\"reason\":", Encoding.UTF8, "application/json");
        using var response = await Portal.Http.PostAsync($"/api/releases/{id}/abort", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var events = await Portal.Client.GetEventsAsync(id);
        Assert.DoesNotContain(events, e => e.Type == "AbortRequested");
    }

    private async Task<JsonElement> PostReleaseAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Portal.Http.PostAsync("/api/releases", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        return problem.RootElement.Clone();
    }
}
