using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Releases;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Gates;

/// <summary>An API answer: status and, for problems, the detail.</summary>
internal sealed record GateResponse(HttpStatusCode Status, string Body)
{
    public string? ContentType { get; init; }

    public string Detail => Status < HttpStatusCode.BadRequest ? "" : JsonDocument.Parse(Body).RootElement.GetProperty("detail").GetString() ?? "";
}

/// <summary>
/// A portal with roles, the development identity header on, and optional calendars; requests act as the user named.
/// Alice writes releases; bob and carol are release managers; dave is in no role.
/// </summary>
internal sealed class GatesPortal : IAsyncDisposable
{
    public static readonly Dictionary<string, string> Roles = new()
    {
        ["Portal:Engine:AllowIdentityHeader"] = "true",
        ["Portal:Access:Groups:release-managers:0"] = "bob",
        ["Portal:Access:Groups:release-managers:1"] = "carol",
        ["Portal:Access:Groups:developers:0"] = "alice",
    };

    public GatesPortal(IReadOnlyDictionary<string, string>? extra = null, Api.TempPortalHome? home = null)
    {
        Settings = new Dictionary<string, string>(Roles);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            Settings[key] = value;
        }
        Ops = new OpsPortal(Settings, home);
    }

    public Dictionary<string, string> Settings { get; }

    public OpsPortal Ops { get; }

    public TestClient Client => Ops.Client;

    public async Task<GateResponse> SendAsync(string user, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Portal-User", user);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await Ops.Http.SendAsync(request);
        return new GateResponse(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<GateResponse> PostAsync(string user, string url, object? body = null) => SendAsync(user, HttpMethod.Post, url, body);

    public async Task<JsonElement> GetAsync(string user, string url)
    {
        var response = await SendAsync(user, HttpMethod.Get, url);
        Assert.True(response.Status == HttpStatusCode.OK, $"GET {url}: {(int)response.Status} {response.Body}");
        return JsonDocument.Parse(response.Body).RootElement.Clone();
    }

    /// <summary>Imports <paramref name="yaml"/> and creates a release of it as <paramref name="author"/>.</summary>
    public async Task<string> StartAsync(string yaml, string version, string author = "alice")
    {
        using (var content = new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml"))
        using (var imported = await Ops.Http.PostAsync("/api/templates", content))
        {
            // 201 for a new version, 200 when the same text is imported again.
            Assert.True(imported.IsSuccessStatusCode, $"importing a template: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");
        }
        var name = yaml.Split('\n').First(l => l.StartsWith("name:", StringComparison.Ordinal))["name:".Length..].Trim();
        var created = await PostAsync(author, "/api/releases", new { template = name, version });
        Assert.True(created.Status == HttpStatusCode.Created, $"creating {name} {version}: {(int)created.Status} {created.Body}");
        return JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Labels a Sandbox target with <paramref name="environment"/> as dev-user: a stage deploys to its targets'
    /// environment, so a template writing <c>environment: production</c> needs targets labelled so.
    /// </summary>
    public async Task LabelAsync(string target, string environment)
    {
        var settings = JsonDocument.Parse(PortalRelease.Portal.Templates.SampleSeeder.SandboxSettings).RootElement;
        var labelled = await SendAsync("dev-user", HttpMethod.Put, $"/api/targets/{target}", new { settings, environment });
        Assert.True(labelled.Status == HttpStatusCode.OK, $"labelling {target} {environment}: {(int)labelled.Status} {labelled.Body}");
    }

    public Task<IReadOnlyList<ReleaseEvent>> WaitForApprovalAsync(string id) =>
        Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "ApprovalRequested"), "the approval to be requested");

    public ValueTask DisposeAsync() => Ops.DisposeAsync();
}
