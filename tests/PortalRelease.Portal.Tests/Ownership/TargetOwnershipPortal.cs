using System.Net;
using System.Text.Json;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Gates;

namespace PortalRelease.Portal.Tests.Ownership;

/// <summary>
/// A portal whose targets carry environments and teams: stage-eu (staging, payments), prod-eu (production, payments),
/// checkout-eu (staging, checkout) and bare-eu (unlabelled), all Sandbox. dev-user is admin everywhere; paula
/// (payments) deploys payments-* to staging only; petra (platform) deploys everywhere; adam (payments-admins) is admin
/// for team payments in staging only; rita (release-managers) approves and oscar operates in staging only; everyone
/// views. Production is frozen.
/// </summary>
internal sealed class TargetOwnershipPortal : IAsyncDisposable
{
    public static readonly Dictionary<string, string> Grants = new()
    {
        ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
        ["Portal:Access:Grants:0:User"] = "dev-user",
        ["Portal:Access:Grants:0:Role"] = "admin",
        ["Portal:Access:Grants:1:Group"] = "payments",
        ["Portal:Access:Grants:1:Role"] = "deployer",
        ["Portal:Access:Grants:1:Services:0"] = "payments-*",
        ["Portal:Access:Grants:1:Environments:0"] = "staging",
        ["Portal:Access:Grants:2:Group"] = "platform",
        ["Portal:Access:Grants:2:Role"] = "deployer",
        ["Portal:Access:Grants:3:Group"] = "payments-admins",
        ["Portal:Access:Grants:3:Role"] = "admin",
        ["Portal:Access:Grants:3:Teams:0"] = "payments",
        ["Portal:Access:Grants:3:Environments:0"] = "staging",
        ["Portal:Access:Grants:4:Everyone"] = "true",
        ["Portal:Access:Grants:4:Role"] = "viewer",
        ["Portal:Access:Grants:5:Group"] = "release-managers",
        ["Portal:Access:Grants:5:Role"] = "approver",
        ["Portal:Access:Grants:5:Environments:0"] = "staging",
        ["Portal:Access:Grants:6:User"] = "oscar",
        ["Portal:Access:Grants:6:Role"] = "operator",
        ["Portal:Access:Grants:6:Environments:0"] = "staging",
        ["Portal:Access:Groups:release-managers:0"] = "rita",
        ["Portal:Calendars:production:TimeZone"] = "UTC",
        ["Portal:Calendars:production:Freezes:0:From"] = "2000-01-01T00:00",
        ["Portal:Calendars:production:Freezes:0:To"] = "2100-01-01T00:00",
        ["Portal:Calendars:production:Freezes:0:Reason"] = "production freeze",
        ["Portal:Access:Groups:payments:0"] = "paula",
        ["Portal:Access:Groups:platform:0"] = "petra",
        ["Portal:Access:Groups:payments-admins:0"] = "adam",
    };

    public GatesPortal Portal { get; } = new(Grants);

    public static JsonElement SandboxSettings { get; } = JsonDocument.Parse(SampleSeeder.SandboxSettings).RootElement.Clone();

    public async Task InitializeAsync()
    {
        await CreateAsync("stage-eu", "staging", "payments");
        await CreateAsync("prod-eu", "production", "payments");
        await CreateAsync("checkout-eu", "staging", "checkout");
        await CreateAsync("bare-eu", null, null);
    }

    /// <summary>Creates a Sandbox target as dev-user (admin everywhere); null labels are left out.</summary>
    public async Task CreateAsync(string name, string? environment, string? team)
    {
        var created = await Portal.PostAsync("dev-user", "/api/targets", Body(name, environment, team));
        Assert.True(created.Status == HttpStatusCode.Created, $"creating target {name}: {(int)created.Status} {created.Body}");
    }

    public static Dictionary<string, object?> Body(string name, string? environment, string? team)
    {
        var body = new Dictionary<string, object?> { ["name"] = name, ["kind"] = "sandbox", ["settings"] = SandboxSettings };
        if (environment is not null)
        {
            body["environment"] = environment;
        }
        if (team is not null)
        {
            body["team"] = team;
        }
        return body;
    }

    public async Task<GateResponse> ImportAsync(string yaml)
    {
        using var content = new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml");
        using var response = await Portal.Ops.Http.PostAsync("/api/templates", content);
        return new GateResponse(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<int> ReleaseCountAsync() => (await Portal.GetAsync("dev-user", "/api/releases")).GetArrayLength();

    public async Task<IReadOnlyList<string>> TargetNamesAsync() =>
        (await Portal.GetAsync("dev-user", "/api/targets")).EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();

    public ValueTask DisposeAsync() => Portal.DisposeAsync();
}
