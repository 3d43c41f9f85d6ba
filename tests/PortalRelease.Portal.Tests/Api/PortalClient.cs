using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>One journal event as the API returns it.</summary>
internal sealed record ApiEvent(long Seq, string Type, string? Actor, JsonElement Data, string? ActorName = null)
{
    public int Index => Data.GetProperty("index").GetInt32();

    public string Key => Data.GetProperty("key").GetString()!;

    public string? Str(string property) => Data.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public override string ToString() => $"#{Seq} {Type} {Data.GetRawText()}";
}

/// <summary>The portal's REST API as the tests use it: a CI pipeline's view of the portal.</summary>
internal sealed class PortalClient(HttpClient http)
{
    private static readonly string[] FinalStates = ["Promoted", "RolledBack", "Aborted", "Failed"];

    public HttpClient Http { get; } = http;

    public async Task<string> CreateReleaseAsync(string template, string version, object? parameters = null)
    {
        using var response = await Http.PostAsJsonAsync("/api/releases", new { template, version, parameters });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating a release of {template} {version}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var id = json.RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/api/releases/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    /// <summary>
    /// Labels a Sandbox target (its settings as seeded) with <paramref name="environment"/>: a stage deploys to its
    /// targets' environment, so a template writing <c>environment: production</c> needs targets labelled so.
    /// </summary>
    public async Task LabelTargetAsync(string target, string environment)
    {
        var settings = JsonDocument.Parse(PortalRelease.Portal.Templates.SampleSeeder.SandboxSettings).RootElement;
        using var response = await Http.PutAsJsonAsync($"/api/targets/{target}", new { settings, environment });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Labelling {target} {environment}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task ImportTemplateAsync(string yaml)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await Http.PostAsync("/api/templates", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Importing a template: {(int)response.StatusCode} {body}");
    }

    public async Task<JsonElement> GetReleaseAsync(string id)
    {
        using var response = await Http.GetAsync($"/api/releases/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/releases/{id}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    public async Task<IReadOnlyList<ApiEvent>> GetEventsAsync(string id, long? after = null)
    {
        var url = after is null ? $"/api/releases/{id}/events" : $"/api/releases/{id}/events?after={after}";
        using var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.EnumerateArray()
            .Select(e => new ApiEvent(
                e.GetProperty("seq").GetInt64(),
                e.GetProperty("type").GetString()!,
                e.TryGetProperty("actor", out var actor) && actor.ValueKind == JsonValueKind.String ? actor.GetString() : null,
                e.GetProperty("data").Clone(),
                e.TryGetProperty("actorName", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null))
            .ToList();
    }

    /// <summary>Polls the release until its state is <paramref name="state"/>; fails at once if it settles elsewhere.</summary>
    public async Task<JsonElement> WaitForStateAsync(string id, string state, TimeSpan? timeout = null)
    {
        JsonElement last = default;
        return await Poll.UntilAsync<object>(
            async () =>
            {
                last = await GetReleaseAsync(id);
                var current = last.GetProperty("state").GetString();
                if (current != state && FinalStates.Contains(current) && FinalStates.Contains(state))
                {
                    Assert.Fail($"Release {id} settled as {current} ({last.GetProperty("reason")}), not {state}.");
                }
                return current == state ? last : null;
            },
            $"release {id} to reach {state}",
            timeout,
            () => last.ValueKind == JsonValueKind.Undefined ? "nothing" : last.GetRawText()) is JsonElement element ? element : default;
    }

    /// <summary>Polls the journal until <paramref name="condition"/> holds for the events so far.</summary>
    public async Task<IReadOnlyList<ApiEvent>> WaitForEventsAsync(string id, Func<IReadOnlyList<ApiEvent>, bool> condition, string what, TimeSpan? timeout = null)
    {
        IReadOnlyList<ApiEvent> last = [];
        return await Poll.UntilAsync(
            async () =>
            {
                last = await GetEventsAsync(id);
                return condition(last) ? last : null;
            },
            what,
            timeout,
            () => string.Join(Environment.NewLine, last.Where(e => e.Type != "MetricsSampled")));
    }
}
