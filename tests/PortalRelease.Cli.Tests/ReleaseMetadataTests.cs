using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Cli.Tests;

/// <summary><c>portal release start … --meta KEY=VALUE</c>: the delivery metadata the dashboards count, as the journal records it.</summary>
[Collection(CliCollection.Name)]
public sealed class ReleaseMetadataTests(CliFixture portal)
{
    [Fact]
    public async Task ReleaseStartMeta_EveryKey_IsRecordedInTheReleaseCreatedEvent()
    {
        var fixedId = await portal.StartAsAsync("someone-else", "quick-canary", "6.0.0");
        await portal.AbortAndSettleAsync(fixedId);
        var now = DateTimeOffset.UtcNow;
        var commit = now.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var build = now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        // Both forms of the issue: one --meta per pair, and several pairs after one --meta.
        var run = await portal.PortalAsync("release", "start", "quick-canary", "--version", "6.0.1", "--output", "json",
            "--meta", $"team={CliFixture.ApproverGroup}", "--meta", "service=quick-canary", $"commit={commit}", $"build={build}", "--meta", $"fixes={fixedId}");

        Assert.True(run.ExitCode == 0, run.ToString());
        string id;
        using (var document = JsonDocument.Parse(run.Output))
        {
            id = document.RootElement.GetProperty("id").GetString()!;
        }
        try
        {
            var events = await portal.Http.GetFromJsonAsync<List<ReleaseEvent>>($"/api/releases/{id}/events?after=0", ContractJson.Options);
            var created = Assert.Single(events!, e => e.Type == "ReleaseCreated");
            var metadata = created.Data.GetProperty("metadata");
            Assert.Equal(CliFixture.ApproverGroup, metadata.GetProperty("team").GetString());
            Assert.Equal("quick-canary", metadata.GetProperty("service").GetString());
            Assert.Equal(DateTimeOffset.Parse(commit, CultureInfo.InvariantCulture), metadata.GetProperty("commitAt").GetDateTimeOffset());
            Assert.Equal(DateTimeOffset.Parse(build, CultureInfo.InvariantCulture), metadata.GetProperty("buildAt").GetDateTimeOffset());
            Assert.Equal(fixedId, metadata.GetProperty("fixes").GetString());
        }
        finally
        {
            await portal.AbortAndSettleAsync(id);
        }
    }

    [Fact]
    public async Task ReleaseStartMeta_UnknownKeyOrBadForm_ExitsTwoBeforeCallingThePortal()
    {
        var unknown = await portal.PortalAsync("release", "start", "quick-canary", "--version", "6.0.2", "--meta", "owner=payments");
        var noValue = await portal.PortalAsync("release", "start", "quick-canary", "--version", "6.0.2", "--meta", "team");
        var twice = await portal.PortalAsync("release", "start", "quick-canary", "--version", "6.0.2", "--meta", "team=a", "team=b");
        // A portal that nothing listens on: an exit 3 would show the tool called it.
        var closed = new Dictionary<string, string?> { ["PORTAL_URL"] = "http://127.0.0.1:9/" };
        var offline = await portal.PortalWithAsync(closed, null, "release", "start", "quick-canary", "--version", "6.0.2", "--meta", "commitAt=2026-01-01T00:00:00Z");

        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("--meta has no key 'owner': use team, service, commit, build, fixes.", unknown.Error, StringComparison.Ordinal);
        Assert.True(noValue.ExitCode == 2, noValue.ToString());
        Assert.Contains("--meta takes KEY=VALUE", noValue.Error, StringComparison.Ordinal);
        Assert.True(twice.ExitCode == 2, twice.ToString());
        Assert.Contains("--meta team is given twice.", twice.Error, StringComparison.Ordinal);
        Assert.True(offline.ExitCode == 2, offline.ToString());
        Assert.Contains("'commitAt'", offline.Error, StringComparison.Ordinal);
        Assert.All(new[] { unknown, noValue, twice, offline }, run => Assert.DoesNotContain("started", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReleaseStartMeta_PortalRefusesAField_ExitsTwoNamingEachField()
    {
        var future = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        var run = await portal.PortalAsync("release", "start", "quick-canary", "--version", "6.0.3",
            "--meta", "commit=yesterday", $"build={future}", "fixes=000000000000");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("metadata.commitAt: 'commitAt' must be an ISO-8601 time with a zone", run.Error, StringComparison.Ordinal);
        Assert.Contains("metadata.buildAt: buildAt ", run.Error, StringComparison.Ordinal);
        Assert.Contains("metadata.fixes: 'fixes' must name an existing release id", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("started", run.Output, StringComparison.Ordinal);
    }
}
