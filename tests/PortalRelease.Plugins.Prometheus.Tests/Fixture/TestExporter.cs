using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PortalRelease.Plugins.Prometheus.Tests.Fixture;

/// <summary>
/// A Prometheus exporter on loopback whose counters the test controls: each series grows at a set rate per second,
/// so whatever Prometheus scrapes, <c>rate()</c> over it is that rate.
/// </summary>
internal sealed class TestExporter : IAsyncDisposable
{
    public const string Counter = "http_requests_total";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly WebApplication _app;

    private TestExporter(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The Authorization header of the last request that was not a scrape, to check what clients send.</summary>
    public string? LastAuthorization { get; private set; }

    /// <summary>host:port, as a scrape target.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The exporter's root URL; not a Prometheus API, which makes it a handy wrong URL for tests.</summary>
    public Uri Url => new($"http://{Address}/");

    public static async Task<TestExporter> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var exporter = new TestExporter(app);
        app.Use(async (context, next) =>
        {
            if (context.Request.Path != "/metrics")
            {
                exporter.LastAuthorization = context.Request.Headers.Authorization.ToString();
            }
            await next(context);
        });
        app.MapGet("/metrics", (HttpContext context) => Results.Text(exporter.Render(), "text/plain; version=0.0.4", Encoding.UTF8));
        await app.StartAsync();
        exporter.Address = new Uri(app.Urls.Single()).Authority;
        return exporter;
    }

    /// <summary>Makes the counter with these labels grow by <paramref name="perSecond"/> from now on.</summary>
    public void SetRate(string cohort, string version, string code, double perSecond)
    {
        var labels = $"cohort=\"{EscapeLabel(cohort)}\",version=\"{EscapeLabel(version)}\",code=\"{EscapeLabel(code)}\"";
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            var total = _series.TryGetValue(labels, out var existing) ? existing.ValueAt(now) : 0;
            _series[labels] = new Series(total, perSecond, now);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private string Render()
    {
        var now = DateTimeOffset.UtcNow;
        var text = new StringBuilder($"# TYPE {Counter} counter\n");
        lock (_gate)
        {
            foreach (var (labels, series) in _series)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Counter}{{{labels}}} {series.ValueAt(now).ToString("R", CultureInfo.InvariantCulture)}\n");
            }
        }
        return text.ToString();
    }

    // The text exposition format escapes backslash, double quote and newline in label values.
    private static string EscapeLabel(string value) =>
        value.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private sealed record Series(double Base, double PerSecond, DateTimeOffset Since)
    {
        public double ValueAt(DateTimeOffset at) => Base + (PerSecond * (at - Since).TotalSeconds);
    }
}
