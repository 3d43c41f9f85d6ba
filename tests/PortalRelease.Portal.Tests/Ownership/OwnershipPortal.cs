using System.Net;
using System.Text;
using PortalRelease.Portal.Tests.Gates;

namespace PortalRelease.Portal.Tests.Ownership;

/// <summary>
/// A portal where dev-user is admin, group payments (paula) deploys services its team owns to staging and production,
/// pete deploys any service to production and is in group platform, and everyone views.
/// </summary>
internal static class OwnershipPortal
{
    public static readonly Dictionary<string, string> Grants = new()
    {
        ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
        ["Portal:Access:Grants:0:User"] = "dev-user",
        ["Portal:Access:Grants:0:Role"] = "admin",
        ["Portal:Access:Grants:1:Group"] = "payments",
        ["Portal:Access:Grants:1:Role"] = "deployer",
        ["Portal:Access:Grants:1:Teams:0"] = "payments",
        ["Portal:Access:Grants:1:Environments:0"] = "staging",
        ["Portal:Access:Grants:1:Environments:1"] = "production",
        ["Portal:Access:Grants:2:User"] = "pete",
        ["Portal:Access:Grants:2:Role"] = "deployer",
        ["Portal:Access:Grants:2:Environments:0"] = "production",
        ["Portal:Access:Grants:3:Everyone"] = "true",
        ["Portal:Access:Grants:3:Role"] = "viewer",
        ["Portal:Access:Groups:payments:0"] = "paula",
        ["Portal:Access:Groups:platform:0"] = "pete",
    };

    /// <summary>The portal, with sandbox-eu labelled production: the environment <see cref="Template"/> deploys to.</summary>
    public static async Task<GatesPortal> StartAsync()
    {
        var portal = new GatesPortal(Grants);
        await portal.LabelAsync("sandbox-eu", "production");
        return portal;
    }

    /// <summary>A one-stage production template of <paramref name="service"/>, named after it.</summary>
    public static string Template(string service) => $$"""
        name: {{service.ToLowerInvariant()}}-prod
        service: {{service}}
        stages:
          - { name: prod, environment: production, targets: [sandbox-eu], steps: [{ pause: { duration: 10m } }] }
        """;

    public static async Task ImportAsync(this GatesPortal portal, string yaml)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var imported = await portal.Ops.Http.PostAsync("/api/templates", content);
        Assert.True(imported.IsSuccessStatusCode, $"importing a template: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");
    }

    public static async Task RegisterAsync(this GatesPortal portal, string service, string team)
    {
        var put = await portal.SendAsync("dev-user", HttpMethod.Put, $"/api/services/{service}", new { team });
        Assert.True(put.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"registering {service}: {(int)put.Status} {put.Body}");
    }

    public static async Task<int> ReleaseCountAsync(this GatesPortal portal) => (await portal.GetAsync("dev-user", "/api/releases")).GetArrayLength();
}
