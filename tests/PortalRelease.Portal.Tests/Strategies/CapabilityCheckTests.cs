using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Strategies;

/// <summary>
/// A step the target's driver cannot perform: the real CDN plugin (Fastly: weighted canary, all at once, rollback; no
/// blue-green, no mirroring) beside the Sandbox.
/// </summary>
public sealed class CapabilityCheckTests : PortalTest
{
    [Fact]
    public async Task Import_BlueGreenOnADriverWithoutIt_IsAnErrorAtTheStrategyLine()
    {
        await AddFastlyTargetAsync();

        var result = await Portal.Services.GetRequiredService<TemplateService>().ImportAsync("""
            name: cdn-bg
            stages:
              - name: edge
                targets: [cdn-eu]
                strategy: blueGreen
            """, TestActor.Of("alice"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((5, 15), (error.Line, error.Column));
        Assert.Equal("stages[0].strategy", error.Path);
        Assert.Equal("target 'cdn-eu' (kind 'fastly') cannot deploy blue-green: its driver does not declare the BlueGreen capability", error.Message);
        Assert.Null(result.Record);
        Assert.Null(await Portal.Services.GetRequiredService<TemplateRepository>().GetLatestAsync("cdn-bg"));
    }

    [Fact]
    public async Task Import_MirrorStepOnADriverWithoutMirroring_IsAnErrorAtTheStep()
    {
        await AddFastlyTargetAsync();

        var result = await Portal.Services.GetRequiredService<TemplateService>().ImportAsync("""
            name: cdn-mirror
            stages:
              - name: edge
                targets: [sandbox-eu, cdn-eu]
                steps:
                  - setWeight: 10
                  - mirror: 20
            """, TestActor.Of("alice"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((7, 9), (error.Line, error.Column));
        Assert.Contains("cannot mirror traffic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TargetFromParameterWithoutTheCapability_Is400AndCreatesNothing()
    {
        await AddFastlyTargetAsync();
        await Client.ImportTemplateAsync("""
            name: any-bg
            parameters:
              - name: target
                type: string
                default: sandbox-eu
            stages:
              - name: edge
                targets: ["{{ target }}"]
                strategy: blueGreen
            """);

        using var response = await Client.Http.PostAsJsonAsync("/api/releases", new { template = "any-bg", version = "2.0.0", parameters = new { target = "cdn-eu" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("target 'cdn-eu' (kind 'fastly') cannot deploy blue-green", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await Portal.Services.GetRequiredService<ReleaseRepository>().ListRecentAsync(10));
    }

    private async Task AddFastlyTargetAsync()
    {
        _ = Portal.Http;
        var source = Path.Combine(TempPortalHome.RepoRoot(), "plugins", "Cdn");
        var target = Directory.CreateDirectory(Path.Combine(Portal.Home.PluginsDirectory, "Cdn")).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        var catalog = Portal.Services.GetRequiredService<PluginCatalog>();
        await Poll.UntilAsync<object>(() => Task.FromResult<object?>(catalog.FindDriver("fastly")), "the CDN plugin to load", TimeSpan.FromSeconds(30));
        // Stored directly: the capability check needs the target's kind, not settings a CDN account would need.
        await Portal.Services.GetRequiredService<TargetRepository>().AddAsync(new TargetRecord("cdn-eu", "fastly", "{}", DateTimeOffset.UtcNow));
    }
}
