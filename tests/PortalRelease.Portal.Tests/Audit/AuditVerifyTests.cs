using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Targets;

namespace PortalRelease.Portal.Tests.Audit;

/// <summary>
/// <c>GET /api/audit/verify</c> on the running portal, with the database file tampered with from outside, the way an
/// attacker with file access would: triggers dropped, rows edited, removed or re-hashed.
/// </summary>
public sealed class AuditVerifyTests : IAsyncLifetime
{
    private readonly TempPortalHome _home = new();
    private TargetsPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = new TargetsPortal(_home);
        await WriteHistoryAsync(_portal);
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        _home.Dispose();
    }

    private string DatabaseFile => Path.Combine(_home.DataDirectory, "portal.db");

    private async Task<JsonElement> VerifyAsync() => await _portal.Http.GetFromJsonAsync<JsonElement>("/api/audit/verify");

    private static JsonElement Chain(JsonElement report, string table) =>
        report.GetProperty("chains").EnumerateArray().Single(c => c.GetProperty("table").GetString() == table);

    [Fact]
    public async Task Verify_UntouchedPortal_IsOkForBothChains()
    {
        await _portal.Services.GetRequiredService<AuditAnchors>().AnchorAsync(CancellationToken.None);

        var report = await VerifyAsync();

        Assert.True(report.GetProperty("ok").GetBoolean(), report.ToString());
        Assert.True(Chain(report, "journal").GetProperty("rowsChecked").GetInt64() >= 6);
        Assert.True(Chain(report, "audit_log").GetProperty("rowsChecked").GetInt64() >= 2);
        Assert.Equal(JsonValueKind.Object, Chain(report, "journal").GetProperty("anchor").ValueKind);
        Assert.True(report.GetProperty("elapsedMs").GetDouble() >= 0);
    }

    [Theory]
    [InlineData("journal")]
    [InlineData("audit_log")]
    public async Task Verify_TailTruncatedAfterAnAnchor_ReportsMissingRowsAtTheAnchoredRow(string table)
    {
        var anchor = await _portal.Services.GetRequiredService<AuditAnchors>().AnchorAsync(CancellationToken.None);
        var anchored = anchor!.Heads[table].Id;

        await Tamper.RunAsync(DatabaseFile, $"DELETE FROM {table} WHERE id > (SELECT MAX(id) - 2 FROM {table})");

        var report = await VerifyAsync();
        Assert.False(report.GetProperty("ok").GetBoolean());
        var broken = Chain(report, table).GetProperty("firstBroken");
        Assert.Equal((ChainProblems.MissingRows, anchored), (broken.GetProperty("problem").GetString(), broken.GetProperty("rowId").GetInt64()));
    }

    [Fact]
    public async Task Verify_ChainRewrittenAndRehashedBeforeAnAnchor_ReportsAnchorMismatch()
    {
        var anchor = await _portal.Services.GetRequiredService<AuditAnchors>().AnchorAsync(CancellationToken.None);

        // The attacker knows the algorithm: edits a row and re-hashes the chain from there, so the chain alone is whole.
        await Tamper.RunAsync(DatabaseFile, "UPDATE journal SET actor = 'mallory' WHERE id = 2");
        await RehashJournalAsync(DatabaseFile);

        var report = await VerifyAsync();
        var broken = Chain(report, "journal").GetProperty("firstBroken");
        Assert.Equal((ChainProblems.AnchorMismatch, anchor!.Heads["journal"].Id), (broken.GetProperty("problem").GetString(), broken.GetProperty("rowId").GetInt64()));
    }

    [Fact]
    public async Task Verify_RowEditedWithoutAnchor_ReportsContentHashMismatchAtThatRow()
    {
        await Tamper.RunAsync(DatabaseFile, "UPDATE journal SET data = '{\"message\":\"forged\"}' WHERE id = 3");

        var report = await VerifyAsync();

        var broken = Chain(report, "journal").GetProperty("firstBroken");
        Assert.Equal((ChainProblems.ContentHashMismatch, 3L), (broken.GetProperty("problem").GetString(), broken.GetProperty("rowId").GetInt64()));
        Assert.Equal("journal", broken.GetProperty("table").GetString());
    }

    [Theory]
    [InlineData("UPDATE journal SET actor_name = 'Mallory' WHERE id = 3")]
    [InlineData("UPDATE journal SET actor_name = NULL WHERE id = 3")]
    [InlineData("UPDATE journal SET actor_name = 'Mallory' WHERE id = 1")]
    public async Task Verify_ActorNameEditedRemovedOrAdded_ReportsContentHashMismatchAtThatRow(string tamper)
    {
        // Row 1 (ReleaseCreated by "test") was written without a name; rows 2-6 by Alice with hers.
        var id = long.Parse(tamper[^1..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True((await VerifyAsync()).GetProperty("ok").GetBoolean());

        await Tamper.RunAsync(DatabaseFile, tamper);

        var broken = Chain(await VerifyAsync(), "journal").GetProperty("firstBroken");
        Assert.Equal((ChainProblems.ContentHashMismatch, id), (broken.GetProperty("problem").GetString(), broken.GetProperty("rowId").GetInt64()));
    }

    [Fact]
    public async Task Verify_AnchorLineAltered_IsReported()
    {
        var anchors = _portal.Services.GetRequiredService<AuditAnchors>();
        await anchors.AnchorAsync(CancellationToken.None);
        var lines = await File.ReadAllLinesAsync(anchors.File);
        await File.WriteAllLinesAsync(anchors.File, [.. lines[..^1], lines[^1].Replace("\"id\":", "\"id\":1", StringComparison.Ordinal)]);

        var report = await VerifyAsync();

        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.Contains("signature", report.GetProperty("anchors").GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartCheck_BrokenChain_LogsTheFirstBrokenLinkAndStartsAnyway()
    {
        await _portal.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await Tamper.RunAsync(DatabaseFile, "DELETE FROM journal WHERE id = 4");

        _portal = new TargetsPortal(_home);
        using var health = await _portal.Http.GetAsync("/api/targets");

        Assert.True(health.IsSuccessStatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!_portal.Logs.Lines.Any(l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("journal row 5", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no error naming journal row 5 was logged: " + string.Join("\n", _portal.Logs.Lines.Where(l => l.Contains("audit", StringComparison.OrdinalIgnoreCase))));
            await Task.Delay(50);
        }
        Assert.Contains(_portal.Logs.Lines, l => l.Contains(ChainProblems.PrevHashMismatch, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_CsvAndJsonLines_HoldTheEntriesOldestFirst()
    {
        var csv = await _portal.Http.GetStringAsync("/api/audit/export?format=csv&action=quarantine");
        var jsonl = await _portal.Http.GetStringAsync("/api/audit/export?format=jsonl&action=quarantine");

        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,at,actor_id", rows[0], StringComparison.Ordinal);
        Assert.Equal(3, rows.Length);
        Assert.Contains("\"quarantine.mark\"", rows[1], StringComparison.Ordinal);
        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("action").GetString()).ToList();
        Assert.Equal(["quarantine.mark", "quarantine.lift"], lines);
    }

    [Fact]
    public async Task Export_UnknownFormat_Is400NamingFormat()
    {
        using var response = await _portal.Http.GetAsync("/api/audit/export?format=xlsx");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("format", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A settled release with a few events, and two audited changes.</summary>
    private static async Task WriteHistoryAsync(TargetsPortal portal)
    {
        await portal.Services.GetRequiredService<TemplateRepository>().SaveAsync("t", null, "name: t", "test", DateTimeOffset.UtcNow);
        var writer = portal.Services.GetRequiredService<JournalWriter>();
        await writer.CreateReleaseAsync(
            new ReleaseRecord("r-audit", "t", 1, "1.0.0", "{}", "{}", DateTimeOffset.UtcNow, "test"),
            [EventDraft.Of(new ReleaseCreated("t", 1, "1.0.0", new Dictionary<string, object?>()), "test")]);
        for (var i = 0; i < 5; i++)
        {
            await writer.AppendAsync("r-audit", EventDraft.By(new EngineWarning($"w{i}"), TestActor.Named("alice", "Alice Example")));
        }
        // Settled, so a restarted engine leaves this plan-less release alone.
        await writer.AppendAsync("r-audit", EventDraft.Of(new StateChanged(PortalRelease.Portal.Releases.Lifecycle.Proposed, PortalRelease.Portal.Releases.Lifecycle.Aborted, "test")));
        using (var mark = await portal.Http.PostAsJsonAsync("/api/quarantine", new { service = "shop", version = "1.2.3", reason = "bad" }))
        {
            Assert.True(mark.IsSuccessStatusCode);
        }
        using var lift = await portal.Http.PostAsJsonAsync("/api/quarantine/shop/1.2.3/lift", new { reason = "good" });
        Assert.True(lift.IsSuccessStatusCode);
    }

    private static async Task RehashJournalAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        await connection.OpenAsync();
        var rows = (await connection.QueryAsync<(long Id, string ReleaseId, long Seq, string At, string Type, string? Actor, string Data, string? ActorName)>(
            "SELECT id, release_id, seq, at, type, actor, data, actor_name FROM journal ORDER BY id")).ToList();
        using var hasher = new CanonicalHasher();
        var previous = CanonicalHasher.Genesis.ToArray();
        foreach (var row in rows)
        {
            var hash = new byte[CanonicalHasher.HashSize];
            ChainContent.Journal(hasher, previous, row.ReleaseId, row.Seq, row.At, row.Type, row.Actor, row.Data, row.ActorName, hash);
            await connection.ExecuteAsync("UPDATE journal SET prev_hash = @previous, hash = @hash WHERE id = @Id", new { previous, hash, row.Id });
            previous = hash;
        }
    }
}
