using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Cli.Tests;

/// <summary><c>--output json</c>: standard output is one JSON document (JSON lines for events), readable with the contracts.</summary>
[Collection(CliCollection.Name)]
public sealed class JsonOutputTests(CliFixture portal)
{
    [Fact]
    public async Task ReleaseStartWaitGetEvents_OutputJson_ParseAndAgree()
    {
        var start = await portal.PortalAsync("release", "start", "quick-canary", "--version", "5.0.0", "--wait", "--timeout", "2m", "--output", "json");

        Assert.True(start.ExitCode == 0, start.ToString());
        using var document = JsonDocument.Parse(start.Output);
        var root = document.RootElement;
        var id = root.GetProperty("id").GetString()!;
        Assert.Equal("Promoted", root.GetProperty("outcome").GetString());
        Assert.Equal(0, root.GetProperty("exitCode").GetInt32());
        Assert.EndsWith($"/releases/{id}", root.GetProperty("url").GetString());
        var release = root.GetProperty("release").Deserialize<ReleaseView>(ContractJson.Options)!;
        Assert.Equal("5.0.0", release.Version);
        // Progress went to standard error, where a CI log shows it.
        Assert.Contains("state: Deploying -> Promoted", start.Error);

        var get = await portal.PortalAsync("release", "get", id, "-o", "json");
        Assert.True(get.ExitCode == 0, get.ToString());
        var got = JsonSerializer.Deserialize<ReleaseView>(get.Output, ContractJson.Options)!;
        Assert.Equal((id, "Promoted", release.LastSeq), (got.Id, got.State, got.LastSeq));

        var events = await portal.PortalAsync("release", "events", id, "-o", "json");
        Assert.True(events.ExitCode == 0, events.ToString());
        var parsed = events.Lines.Select(l => JsonSerializer.Deserialize<ReleaseEvent>(l, ContractJson.Options)!).ToList();
        Assert.Equal(Enumerable.Range(1, (int)got.LastSeq).Select(i => (long)i), parsed.Select(e => e.Seq));
        Assert.Equal("ReleaseCreated", parsed[0].Type);
    }

    [Fact]
    public async Task ReleaseGet_UnknownId_ExitsTwoWithTheApiMessage()
    {
        var run = await portal.PortalAsync("release", "get", "nosuchrelease");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("There is no release 'nosuchrelease'.", run.Error);
    }
}
