using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PortalRelease.Portal.Slos;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Gates;
using PortalRelease.Portal.Tests.Strategies;

namespace PortalRelease.Portal.Tests.Slos;

/// <summary>SLO figures are reused for Portal:Slos:CacheFor, then measured again: cheap to read, still live.</summary>
public sealed class SloCacheTests
{
    private const string Template = """
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
        """;

    [Fact]
    public async Task Measurement_IsReusedWithinCacheFor_AndTakenAgainAfter()
    {
        await using var portal = new GatesPortal();
        await portal.Client.AddSandboxTargetAsync("cache-eu", new { baseErrorRate = 0.01 });
        var slo = new TemplateParser().Parse(Template).Template!.Slos[0];
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new SloCache(portal.Ops.Services.GetRequiredService<SloEvaluator>(), Options.Create(new SloOptions { CacheFor = TimeSpan.FromSeconds(10) }), time);

        var first = await cache.StatusAsync("search", slo, ["cache-eu"], CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(9));
        var again = await cache.StatusAsync("search", slo, ["cache-eu"], CancellationToken.None);
        var otherTargets = await cache.StatusAsync("search", slo, ["cache-eu", "cache-us"], CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2));
        var later = await cache.StatusAsync("search", slo, ["cache-eu"], CancellationToken.None);

        Assert.Same(first, again);
        Assert.NotSame(first, otherTargets);
        Assert.Contains("cache-us", otherTargets.Error, StringComparison.Ordinal);
        Assert.NotSame(first, later);
        Assert.Equal(SloStates.Ok, later.State);
    }

    [Fact]
    public async Task ConcurrentCallers_ShareOneMeasurement()
    {
        await using var portal = new GatesPortal();
        await portal.Client.AddSandboxTargetAsync("cache-eu", new { baseErrorRate = 0.01 });
        var slo = new TemplateParser().Parse(Template).Template!.Slos[0];
        var cache = new SloCache(portal.Ops.Services.GetRequiredService<SloEvaluator>(), Options.Create(new SloOptions()), new FakeTimeProvider(DateTimeOffset.UtcNow));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => cache.StatusAsync("search", slo, ["cache-eu"], CancellationToken.None))));

        Assert.All(statuses, s => Assert.Same(statuses[0], s));
    }

    [Fact]
    public async Task Api_ServesTheCachedFigures()
    {
        // An hour: however slow this machine, both calls fall inside it.
        await using var portal = new GatesPortal(new Dictionary<string, string> { ["Portal:Slos:CacheFor"] = "01:00:00" });
        await portal.Client.AddSandboxTargetAsync("cache-eu", new { baseErrorRate = 0.01 });
        await portal.Client.ImportTemplateAsync(Template);

        async Task<string> FiguresAsync() =>
            (await portal.GetAsync("bob", "/api/slos")).EnumerateArray().Single(s => s.GetProperty("service").GetString() == "search").GetProperty("slos")[0].GetRawText();

        var first = await FiguresAsync();
        var second = await FiguresAsync();

        // The window slides every second and the Sandbox's noise differs per second: equal figures were not measured twice.
        Assert.Equal(first, second);
        Assert.Contains("\"state\":\"ok\"", first, StringComparison.Ordinal);
    }
}
