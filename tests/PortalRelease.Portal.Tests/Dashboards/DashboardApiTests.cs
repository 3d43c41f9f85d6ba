using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Dashboards;

public sealed class DashboardApiTests : PortalTest
{
    private HttpClient Http => Portal.Http;

    [Fact]
    public async Task CreateRelease_WithMetadata_IsJournaledAndCountedDrilledDownAndExported()
    {
        var commitAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O", CultureInfo.InvariantCulture);
        using var created = await Http.PostAsJsonAsync("/api/releases", new
        {
            template = "quick-canary",
            version = "4.0.0",
            metadata = new { team = "checkout", commitAt },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Portal.Client.WaitForStateAsync(id, "Promoted");

        var first = (await Portal.Client.GetEventsAsync(id))[0];
        Assert.Equal("ReleaseCreated", first.Type);
        var metadata = first.Data.GetProperty("metadata");
        Assert.Equal("checkout", metadata.GetProperty("team").GetString());
        // The service is the release's own (the template's name here), never one the caller names.
        Assert.Equal("quick-canary", metadata.GetProperty("service").GetString());

        // The projector runs in the portal: wait until the dashboard counts the promotion.
        var dashboard = await WaitForAsync("/api/dashboards/delivery?team=checkout&period=7d",
            d => Kpi(d, "deployments").GetProperty("releases").GetInt32() == 1);
        var lead = Kpi(dashboard, "lead-time").GetProperty("value").GetDouble();
        Assert.InRange(lead, 2, 3); // committed two hours before a release that takes seconds
        Assert.Equal("Elite", Kpi(dashboard, "lead-time").GetProperty("band").GetString());

        var ids = await Http.GetFromJsonAsync<JsonElement>("/api/dashboards/delivery/releases?figure=deployments&team=checkout&period=7d");
        Assert.Equal([id], ids.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal($"/releases/{id}", ids[0].GetProperty("link").GetString());

        using var csv = await Http.GetAsync("/api/dashboards/delivery.csv?team=checkout&period=7d");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("figure,name,value,unit,display,band,releases", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("deployments,Deployment frequency,", lines[1], StringComparison.Ordinal);
        Assert.Equal(8, lines.Length); // header and seven figures
        var releasesCsv = await Http.GetStringAsync("/api/dashboards/delivery/releases.csv?figure=lead-time&team=checkout&period=7d");
        Assert.Contains($"{id},checkout,quick-canary,4.0.0,Promoted,", releasesCsv, StringComparison.Ordinal);
        var trendCsv = await Http.GetStringAsync("/api/dashboards/delivery.csv?team=checkout&period=7d&table=trend");
        Assert.StartsWith("week_start,deployments,", trendCsv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRelease_WithoutMetadata_RecordsTheDefaults()
    {
        var id = await Portal.Client.CreateReleaseAsync("quick-canary", "4.1.0");

        var release = await Portal.Client.GetReleaseAsync(id);
        var metadata = (await Portal.Client.GetEventsAsync(id))[0].Data.GetProperty("metadata");
        Assert.Equal("unassigned", metadata.GetProperty("team").GetString());
        // The plan's service when the template names one, else the template's name.
        var planService = release.Plan?.Service;
        Assert.Equal(planService ?? "quick-canary", metadata.GetProperty("service").GetString());
        Assert.False(metadata.TryGetProperty("fixes", out _));
    }

    [Theory]
    [InlineData("commitAt", "yesterday", "metadata.commitAt")]
    [InlineData("buildAt", "2026-11-26T10:00:00", "metadata.buildAt")]
    [InlineData("commitAt", "2999-01-01T00:00:00Z", "metadata.commitAt")]
    [InlineData("fixes", "no-such-release", "metadata.fixes")]
    public async Task CreateRelease_BadMetadata_Is400NamingTheFieldAndSavesNothing(string field, string value, string key)
    {
        var before = (await Http.GetFromJsonAsync<JsonElement>("/api/releases")).GetArrayLength();

        using var response = await Http.PostAsJsonAsync("/api/releases", new
        {
            template = "quick-canary",
            version = "4.2.0",
            metadata = new Dictionary<string, string> { [field] = value },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out var messages), problem.GetRawText());
        Assert.Contains(field, messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await Http.GetFromJsonAsync<JsonElement>("/api/releases")).GetArrayLength());
    }

    [Theory]
    [InlineData("/api/dashboards/delivery?period=fortnight", "'period'")]
    [InlineData("/api/dashboards/delivery.csv?period=2026-Q9", "'period'")]
    [InlineData("/api/dashboards/delivery.csv?table=everything", "'table'")]
    [InlineData("/api/dashboards/delivery/releases?figure=happiness", "'figure'")]
    [InlineData("/api/dashboards/delivery/releases", "'figure'")]
    [InlineData("/api/dashboards/delivery/releases.csv?figure=cfr&period=soon", "'period'")]
    public async Task Dashboard_BadQuery_Is400SayingWhatIsWrong(string url, string names)
    {
        using var response = await Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(names, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Kpi(JsonElement dashboard, string figure) =>
        dashboard.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("figure").GetString() == figure);

    private async Task<JsonElement> WaitForAsync(string url, Func<JsonElement, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            var body = await Http.GetFromJsonAsync<JsonElement>(url);
            if (condition(body))
            {
                return body;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{url} never met the condition: {body.GetRawText()}");
            await Task.Delay(50);
        }
    }
}
