using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// The portal's REST API as the tests use it: a CI pipeline's view of the portal. Every call goes through the typed
/// client (<see cref="PortalClient"/>, the package pipelines use), so the tests exercise it too; this adds only the
/// waits and failure messages a test needs.
/// </summary>
internal sealed class TestClient(HttpClient http, Func<HttpMessageHandler>? hubHandler = null)
{
    public HttpClient Http { get; } = http;

    /// <summary>The typed client over <see cref="Http"/>; its watch reaches the hub through the test server's handler when there is one.</summary>
    public PortalClient Typed { get; } = new(http) { HubHandler = hubHandler };

    public async Task<string> CreateReleaseAsync(string template, string version, object? parameters = null)
    {
        var created = await Typed.CreateReleaseAsync(new CreateReleaseRequest(template, version, Parameters(parameters)));
        return created.Id;
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
        var pushed = await Typed.PushTemplateAsync(yaml);
        Assert.True(pushed.Created, $"Importing a template answered the existing '{pushed.Template.Name}' instead of creating it.");
    }

    public Task<ReleaseView> GetReleaseAsync(string id) => Typed.GetReleaseAsync(id);

    public Task<IReadOnlyList<ReleaseEvent>> GetEventsAsync(string id, long? after = null) => Typed.GetEventsAsync(id, after ?? 0);

    /// <summary>Polls the release until its state is <paramref name="state"/>; fails at once if it settles elsewhere.</summary>
    public async Task<ReleaseView> WaitForStateAsync(string id, string state, TimeSpan? timeout = null)
    {
        ReleaseView? last = null;
        return await Poll.UntilAsync(
            async () =>
            {
                last = await GetReleaseAsync(id);
                if (last.State != state && last.IsFinal && ReleaseStates.IsFinal(state))
                {
                    Assert.Fail($"Release {id} settled as {last.State} ({last.Reason}), not {state}.");
                }
                return last.State == state ? last : null;
            },
            $"release {id} to reach {state}",
            timeout,
            () => last is null ? "nothing" : JsonSerializer.Serialize(last, ContractJson.Options));
    }

    /// <summary>Polls the journal until <paramref name="condition"/> holds for the events so far.</summary>
    public async Task<IReadOnlyList<ReleaseEvent>> WaitForEventsAsync(string id, Func<IReadOnlyList<ReleaseEvent>, bool> condition, string what, TimeSpan? timeout = null)
    {
        IReadOnlyList<ReleaseEvent> last = [];
        return await Poll.UntilAsync(
            async () =>
            {
                last = await GetEventsAsync(id);
                return condition(last) ? last : null;
            },
            what,
            timeout,
            () => string.Join(Environment.NewLine, last.Where(e => e.Type != "MetricsSampled").Select(e => e.Describe())));
    }

    /// <summary>A test's anonymous object of parameters (<c>new { bake = "1s" }</c>) as the request's map.</summary>
    private static Dictionary<string, JsonElement>? Parameters(object? parameters) =>
        parameters is null
            ? null
            : JsonSerializer.SerializeToElement(parameters).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
