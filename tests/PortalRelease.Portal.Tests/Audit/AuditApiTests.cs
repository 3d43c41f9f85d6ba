using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Audit;

/// <summary><c>GET /api/audit</c> and <c>/api/audit/export</c> on the whole portal: the same filters, 400s that name the parameter.</summary>
public sealed class AuditApiTests : PortalTest
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private Task<long> AppendAsync(int minute, string actorId, string action, string outcome = "ok", string resourceId = "k8s-eu", string? actorName = null, string details = "{}") =>
        Portal.Services.GetRequiredService<AuditLogRepository>().AppendAsync(new AuditRow(
            DbTime.Format(T0.AddMinutes(minute)), actorId, actorName ?? actorId, "token:t1", "10.0.0.7", action, "target", resourceId, outcome, details));

    private async Task<List<string>> ActionsAsync(string query)
    {
        using var response = await Portal.Http.GetAsync("/api/audit" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToList();
    }

    private async Task SeedAsync()
    {
        await AppendAsync(0, "alice", "target.create");
        await AppendAsync(1, "alfred", "target.update", outcome: "refused");
        await AppendAsync(2, "bob", "template.import");
        await AppendAsync(3, "alice", "target.delete");
    }

    [Fact]
    public async Task List_ActorPrefixOutcomeAndTime_SelectOnlyThoseNewestFirst()
    {
        await SeedAsync();

        Assert.Equal(["target.delete", "target.update", "target.create"], await ActionsAsync("?actor=al*&from=2026-12-01&to=2026-12-02"));
        Assert.Equal(["target.update"], await ActionsAsync("?actor=al*&outcome=refused"));
        Assert.Equal(["template.import", "target.update"], await ActionsAsync("?from=2026-12-01T00:01:00Z&to=2026-12-01T00:03:00Z"));
        Assert.Equal(["target.delete"], await ActionsAsync("?action=target.delete&resourceKind=target&resourceId=k8s-eu"));
    }

    [Fact]
    public async Task List_Pages_FollowNextUntilItIsNull()
    {
        await SeedAsync();
        var seen = new List<long>();
        string? next = null;
        do
        {
            var page = JsonDocument.Parse(await Portal.Http.GetStringAsync($"/api/audit?resourceKind=target&to=2026-12-02&limit=3{(next is null ? "" : "&before=" + next)}")).RootElement;
            seen.AddRange(page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (next is not null);

        Assert.Equal(4, seen.Count);
        Assert.Equal(seen.OrderByDescending(id => id), seen);
    }

    [Theory]
    [InlineData("/api/audit?from=yesterday", "from")]
    [InlineData("/api/audit?from=2026-12-02&to=2026-12-01", "to")]
    [InlineData("/api/audit?limit=501", "limit")]
    [InlineData("/api/audit?before=-1", "before")]
    [InlineData("/api/audit?actor=a*b", "actor")]
    [InlineData("/api/audit?acter=alice", "acter")]
    [InlineData("/api/audit?outcome=ok&outcome=refused", "outcome")]
    [InlineData("/api/audit/export?format=xlsx", "format")]
    [InlineData("/api/audit/export?format=csv&to=12/06/2026", "to")]
    [InlineData("/api/audit/export?format=csv&limit=5", "limit")]
    public async Task Get_BadParameter_Is400ProblemNamingIt_AndChangesNothing(string path, string parameter)
    {
        await SeedAsync();
        var before = await HeadAsync();

        using var response = await Portal.Http.GetAsync(path);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), body);
        Assert.Contains(parameter, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await HeadAsync());
    }

    private async Task<string> HeadAsync() =>
        await Portal.Services.GetRequiredService<AuditLogRepository>().HeadAsync(CancellationToken.None) is { } head ? $"{head.Id}:{Convert.ToHexString(head.Hash)}" : "empty";

    [Fact]
    public async Task Export_HonoursTheFilters_InCsvAndJsonLinesOldestFirst()
    {
        await SeedAsync();

        var csv = await Portal.Http.GetStringAsync("/api/audit/export?format=csv&actor=al*&action=target");
        var jsonl = await Portal.Http.GetStringAsync("/api/audit/export?format=jsonl&actor=al*&action=target&outcome=ok");

        var rows = Csv(csv);
        Assert.Equal(AuditExportHeader, rows[0]);
        Assert.Equal(["target.create", "target.update", "target.delete"], rows.Skip(1).Select(r => r[6]));
        Assert.Equal(["target.create", "target.delete"], jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task Export_Csv_KeepsCommasQuotesAndLineBreaksInsideFields_AndDefusesFormulas()
    {
        await AppendAsync(0, "=HYPERLINK(\"http://evil\")", "target.update", actorName: "+cmd|' /C calc'!A0", resourceId: "-2+3",
            details: "{\"reason\":\"a, \\\"quoted\\\"\\nsecond line\"}");
        await AppendAsync(1, "@SUM(1+1)", "target.update", actorName: "\tTab", resourceId: "plain, with \"quotes\"\nand a line break");

        var text = await Portal.Http.GetStringAsync("/api/audit/export?format=csv&to=2026-12-02");

        var rows = Csv(text);
        Assert.Equal(3, rows.Count);
        Assert.Equal(("'=HYPERLINK(\"http://evil\")", "'+cmd|' /C calc'!A0", "'-2+3"), (rows[1][2], rows[1][3], rows[1][8]));
        Assert.Equal("{\"reason\":\"a, \\\"quoted\\\"\\nsecond line\"}", rows[1][10]);
        Assert.Equal(("'@SUM(1+1)", "'\tTab", "plain, with \"quotes\"\nand a line break"), (rows[2][2], rows[2][3], rows[2][8]));
        // Every field of every row is quoted, whatever it holds.
        Assert.Matches("^\"[0-9]+\",\"2026-12-01T00:00:00.0000000\\+00:00\",\"", text.Split("\r\n")[1]);
    }

    private static readonly string[] AuditExportHeader = ["id", "at", "actor_id", "actor_name", "auth_method", "address", "action", "resource_kind", "resource_id", "outcome", "details"];

    /// <summary>An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static List<string[]> Csv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }
        Assert.Empty(row);
        return rows;
    }
}
