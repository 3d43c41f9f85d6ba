using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Slos;

public sealed class SloTemplateTests
{
    private const string Stages = """
        stages:
          - name: prod
            targets: [sandbox-eu]
            steps:
              - setWeight: 10
        """;

    [Fact]
    public void Parse_Slos_ReadsObjectivesWindowsAndPolicy()
    {
        var parsed = new TemplateParser().Parse($$$"""
            name: checkout-canary
            service: checkout
            slos:
              - name: availability
                objective: 99.9%
                window: 30d
                good: requests-good
                total: requests-total
              - name: latency
                objective: 0.95
                window: 7d
                provider: prometheus
                good: sum(rate(http_request_duration_seconds_bucket{le="0.3"}[{{window}}]))
                total: sum(rate(http_request_duration_seconds_count[{{window}}]))
                burnRate: { shortWindow: 5m, longWindow: 1h, pauseAbove: 14.4 }
            {{{Stages}}}
            """);

        Assert.Empty(parsed.Errors);
        var slos = parsed.Template!.Slos;
        Assert.Equal(["availability", "latency"], slos.Select(s => s.Name));
        Assert.Equal(0.999, slos[0].Objective, 9);
        Assert.Equal(TimeSpan.FromDays(30), slos[0].Window);
        Assert.Null(slos[0].Provider);
        Assert.Equal(BurnRatePolicy.Default, slos[0].BurnRate);
        Assert.Equal(new TemplateLocation(4, 5), slos[0].Location);
        Assert.Equal("prometheus", slos[1].Provider);
        Assert.Equal("sum(rate(http_request_duration_seconds_count[{{window}}]))", slos[1].Total);
        Assert.Equal(new BurnRatePolicy(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), 14.4), slos[1].BurnRate);

        var plan = new TemplateCompiler().Compile(parsed.Template, new Dictionary<string, System.Text.Json.JsonElement>()).Plan!;
        Assert.Equal(slos, plan.Slos);
    }

    [Fact]
    public void Parse_BadSlos_ReportsEachWithLineAndColumn()
    {
        var parsed = new TemplateParser().Parse($$$"""
            name: svc
            slos:
              - name: availability
                objective: 100%
                good: requests-good
                total: requests-total
              - name: Latency
                objective: 0.99
                window: 30 days
                good: a
                total: b
              - name: fast
                objective: 99%
                good: a
                total: b
                burnRate: { shortWindow: 6h, longWindow: 1h }
              - name: slow
                objective: 99%
                good: a
                burnRate: { shortWindow: 5m, pauseAbove: -1, longWindows: 1h }
            {{{Stages}}}
            """);

        Assert.Null(parsed.Template);
        Assert.Equal(
            [
                "4:16 slos[0].objective",
                "7:11 slos[1].name",
                "9:13 slos[1].window",
                "16:46 slos[2].burnRate.longWindow",
                "17:5 slos[3].total",
                "20:46 slos[3].burnRate.pauseAbove",
                "20:50 slos[3].burnRate.longWindows",
            ],
            parsed.Errors.Select(e => $"{e.Line}:{e.Column} {e.Path}"));
        Assert.Contains("100% leaves no error budget", parsed.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("expected a duration such as 30d", parsed.Errors[2].Message, StringComparison.Ordinal);
        Assert.Equal("the long window (1h) is shorter than the short window (6h)", parsed.Errors[3].Message);
        Assert.Equal("missing required key 'total'", parsed.Errors[4].Message);
        Assert.Contains("unknown key 'longWindows'", parsed.Errors[6].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PauseAboveLong_ReadsTheMultiwindowRule()
    {
        var parsed = new TemplateParser().Parse($$$"""
            name: svc
            slos:
              - name: availability
                objective: 99.9%
                good: a
                total: b
                burnRate: { shortWindow: 30m, longWindow: 6h, pauseAbove: 14.4, pauseAboveLong: 6x }
            {{{Stages}}}
            """);

        Assert.Empty(parsed.Errors);
        Assert.Equal(new BurnRatePolicy(TimeSpan.FromMinutes(30), TimeSpan.FromHours(6), 14.4, 6), parsed.Template!.Slos[0].BurnRate);
        Assert.Null(BurnRatePolicy.Default.PauseAboveLong);
    }

    [Fact]
    public void Parse_BadPauseAboveLong_SaysWhatAndWhere()
    {
        var parsed = new TemplateParser().Parse($$$"""
            name: svc
            slos:
              - name: availability
                objective: 99%
                good: a
                total: b
                burnRate: { pauseAbove: 2, pauseAboveLong: 2 }
              - name: latency
                objective: 99%
                good: a
                total: b
                burnRate: { pauseAboveLong: fast }
            {{{Stages}}}
            """);

        Assert.Null(parsed.Template);
        Assert.Equal(["7:48 slos[0].burnRate.pauseAboveLong", "12:33 slos[1].burnRate.pauseAboveLong"], parsed.Errors.Select(e => $"{e.Line}:{e.Column} {e.Path}"));
        Assert.Equal("pauseAboveLong (2) must be below pauseAbove (2): the long-window rule pauses on a slower burn than the short-window one", parsed.Errors[0].Message);
        Assert.Equal("expected a burn rate above 0 such as 2 or 14.4, found 'fast'", parsed.Errors[1].Message);
    }

    [Fact]
    public void Parse_DuplicateSloName_IsAnError()
    {
        var parsed = new TemplateParser().Parse($$$"""
            name: svc
            slos:
              - { name: availability, objective: 99%, good: a, total: b }
              - { name: availability, objective: 98%, good: a, total: b }
            {{{Stages}}}
            """);

        var error = Assert.Single(parsed.Errors);
        Assert.Equal((4, 5, "slos[1].name"), (error.Line, error.Column, error.Path));
        Assert.Contains("declared twice", error.Message, StringComparison.Ordinal);
    }
}
