using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Gates;
using PortalRelease.Portal.Tests.Strategies;

namespace PortalRelease.Portal.Tests.Slos;

/// <summary>SLO figures are reused for Portal:Slos:CacheFor, then measured again: cheap to read, still live.</summary>
public sealed class SloCacheTests
{
    [Fact]
    public async Task SloFigures_AreReusedWithinCacheFor_AndMeasuredAgainAfter()
    {
        await using var portal = new GatesPortal(new Dictionary<string, string> { ["Portal:Slos:CacheFor"] = "00:00:10" });
        await portal.Client.AddSandboxTargetAsync("cache-eu", new { baseErrorRate = 0.01 });
        await portal.Client.ImportTemplateAsync("""
            name: search-canary
            service: search
            slos:
              - name: availability
                objective: 95%
                window: 10m
                good: requests-good
                total: requests-total
            stages:
              - name: prod
                targets: [cache-eu]
                steps:
                  - setWeight: 10
            """);

        async Task<string> FiguresAsync() =>
            (await portal.GetAsync("bob", "/api/slos")).EnumerateArray().Single(s => s.GetProperty("service").GetString() == "search").GetProperty("slos")[0].GetRawText();

        var first = await FiguresAsync();
        var second = await FiguresAsync();

        // The window slides every second and the Sandbox's noise differs per second: equal figures were not measured twice
        // (10 s leaves room for a slow first measurement on a busy machine).
        Assert.Equal(first, second);
        Assert.Contains("\"state\":\"ok\"", first, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => await FiguresAsync() != first, "the figures to be measured again after CacheFor");
    }
}
