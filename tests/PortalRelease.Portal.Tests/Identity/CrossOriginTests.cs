using System.Net;
using System.Text;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>
/// What a browser sends when a page on another origin tries to make it act on the portal — even in Development mode,
/// where every request is signed in — is refused before it is read, and changes nothing. Non-browser clients
/// (no Origin, no Sec-Fetch-Site) and the portal's own pages pass.
/// </summary>
public sealed class CrossOriginTests : IAsyncLifetime
{
    private const string Release = """{"template":"quick-canary","version":"1.0.0"}""";
    private readonly TestPortal _portal = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "http://localhost:3000")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task StateChange_FromAnotherOrigin_Is403AndCreatesNothing(string header, string value)
    {
        var before = await CountAsync();

        using var response = await SendAsync(HttpMethod.Post, "/api/releases", Release, "application/json", (header, value));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Cross-origin request refused", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Hub_FromAnotherOrigin_Is403()
    {
        using var response = await SendAsync(HttpMethod.Post, "/hubs/releases/negotiate?negotiateVersion=1", null, null, ("Origin", "http://evil.example"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task StateChange_WithABodyAFormCouldSend_Is415AndCreatesNothing(string contentType)
    {
        var before = await CountAsync();

        using var response = await SendAsync(HttpMethod.Post, "/api/releases", Release, contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task SameOriginOrNoOrigin_Passes()
    {
        using var script = await SendAsync(HttpMethod.Post, "/api/releases", Release, "application/json");
        using var page = await SendAsync(HttpMethod.Post, "/api/releases", """{"template":"quick-canary","version":"1.0.1"}""", "application/json",
            ("Origin", "http://localhost"), ("Sec-Fetch-Site", "same-origin"));

        Assert.Equal(HttpStatusCode.Created, script.StatusCode);
        Assert.Equal(HttpStatusCode.Created, page.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? contentType, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await _portal.Http.SendAsync(request);
    }

    private async Task<int> CountAsync()
    {
        using var list = System.Text.Json.JsonDocument.Parse(await _portal.Http.GetStringAsync("/api/releases"));
        return list.RootElement.GetArrayLength();
    }
}
