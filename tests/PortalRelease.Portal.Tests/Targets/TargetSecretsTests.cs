using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Targets;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Targets;

public sealed class TargetSecretsTests
{
    private const string Canary = "canary-secret-7f3a9";
    private static readonly string[] FinalStates = ["Promoted", "RolledBack", "Aborted", "Failed"];

    [Fact]
    public async Task CanarySecret_ThroughCreateUpdateTestReleaseAndFailures_NeverAppearsOutsideTheEncryptedColumn()
    {
        await using var portal = new TargetsPortal();
        var http = portal.Http;

        // Create: the secret in the body, and a second target whose driver echoes it in every failure.
        await portal.CreateOkAsync(Target("canary-ok", failApply: false, failStatus: false));
        await portal.CreateOkAsync(Target("canary-bad", failApply: true, failStatus: false));
        await portal.CreateOkAsync(Target("canary-down", failApply: false, failStatus: true));
        // Refused creates and updates: the driver's validation echoes a rejected token, the schema a short one.
        using (var refused = await portal.CreateAsync(new { name = "canary-no", kind = TargetsPortal.Kind, settings = new { endpoint = "https://a.test" }, secrets = new { token = "rejected-by-driver-" + Canary } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        using (var refused = await http.PutAsJsonAsync("/api/targets/canary-ok", new { settings = new { endpoint = "https://a.test", port = 0 }, secrets = new { token = Canary } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        // Update: once keeping the secret, once sending it again.
        using (var kept = await http.PutAsJsonAsync("/api/targets/canary-ok", new { settings = new { endpoint = "https://ok.example.test", port = 8443 } }))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }
        using (var resent = await http.PutAsJsonAsync("/api/targets/canary-ok", new { settings = new { endpoint = "https://ok.example.test" }, secrets = new { token = Canary } }))
        {
            Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        }

        // Test connection, healthy and failing.
        var ok = await TestAsync(http, "canary-ok");
        Assert.Equal(TargetsPortal.Describe(null, Canary), ok.GetProperty("detail").GetString());
        var failed = await TestAsync(http, "canary-down");
        Assert.Equal("Unhealthy", failed.GetProperty("health").GetString());
        Assert.Contains("[secret]", failed.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A release on each: one promoted with the driver using the secret, one whose applies fail echoing it.
        await portal.Client.ImportTemplateAsync(Template("canary-ok"));
        await portal.Client.ImportTemplateAsync(Template("canary-bad"));
        var good = await portal.Client.CreateReleaseAsync("to-canary-ok", "1.0.0");
        var bad = await portal.Client.CreateReleaseAsync("to-canary-bad", "1.0.0");
        await portal.Client.WaitForStateAsync(good, "Promoted");
        var badState = await WaitSettledAsync(portal.Client, bad);
        Assert.NotEqual("Promoted", badState);
        var goodEvents = await portal.Client.GetEventsAsync(good);
        Assert.Contains(goodEvents, e => e.Data.GetRawText().Contains(TargetsPortal.Fingerprint(Canary), StringComparison.Ordinal));
        var badEvents = await portal.Client.GetEventsAsync(bad);
        Assert.Contains(badEvents, e => e.Data.GetRawText().Contains("Apply refused for token [secret]", StringComparison.Ordinal));
        await portal.Client.GetReleaseAsync(good);
        await portal.Client.GetReleaseAsync(bad);
        await http.GetAsync("/api/targets");
        await http.GetAsync("/api/targets/canary-ok");

        // The decrypted context the engine builds holds the secret: it is stored, just never in clear.
        var context = await portal.Services.GetRequiredService<TargetContexts>().GetAsync("canary-ok", CancellationToken.None);
        Assert.Equal(Canary, context!.Secrets["token"]);
        var column = await SecretsColumnAsync(portal.Home.DatabaseFile, "canary-ok");
        Assert.False(string.IsNullOrEmpty(column));
        Assert.DoesNotContain(Canary, column, StringComparison.Ordinal);

        // The scans.
        Assert.All(portal.Responses.Bodies, body => Assert.DoesNotContain(Canary, body, StringComparison.Ordinal));
        Assert.NotEmpty(portal.Responses.Bodies);
        Assert.All(goodEvents.Concat(badEvents), e => Assert.DoesNotContain(Canary, e.ToString(), StringComparison.Ordinal));
        Assert.All(portal.Logs.Lines, line => Assert.DoesNotContain(Canary, line, StringComparison.Ordinal));
        Assert.NotEmpty(portal.Logs.Lines);
        await AssertNoFileContainsAsync(portal.Home.DataDirectory, Canary);
    }

    [Fact]
    public async Task Secrets_SurviveARestart_BecauseTheKeysAreKeptInTheDataFolder()
    {
        using var home = new TempPortalHome();
        await using (var first = new TargetsPortal(home))
        {
            await first.CreateOkAsync(Target("persisted", failApply: false, failStatus: false));
        }
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(home.DataDirectory, "keys"), "key-*.xml"));
        await using var second = new TargetsPortal(home);
        var result = await TestAsync(second.Http, "persisted");
        Assert.Equal(TargetsPortal.Describe(null, Canary), result.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Delete_WhileAnUnsettledReleaseUsesTheTarget_IsRefusedUntilItSettles()
    {
        await using var portal = new TargetsPortal();
        await portal.CreateOkAsync(Target("held", failApply: false, failStatus: false));
        await portal.Client.ImportTemplateAsync("""
            name: to-held
            stages:
              - name: only
                targets: [held]
                steps:
                  - setWeight: 10
                  - pause: {}
                  - setWeight: 100
            """);
        var id = await portal.Client.CreateReleaseAsync("to-held", "2.0.0");
        await portal.Client.WaitForEventsAsync(id, events => events.Any(e => e.Type == "PauseStarted"), "the release to reach its pause step");

        using (var refused = await portal.Http.DeleteAsync("/api/targets/held"))
        {
            var problem = await TargetsPortal.ExpectAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.OK, (await portal.Http.GetAsync("/api/targets/held")).StatusCode);

        using (var abort = await portal.Http.PostAsJsonAsync($"/api/releases/{id}/abort", new { reason = "test over" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, abort.StatusCode);
        }
        await WaitSettledAsync(portal.Client, id);
        await TargetsPortal.ExpectAsync(await portal.Http.DeleteAsync("/api/targets/held"), HttpStatusCode.NoContent);
    }

    private static object Target(string name, bool failApply, bool failStatus) => new
    {
        name,
        kind = TargetsPortal.Kind,
        settings = new { endpoint = "https://" + name + ".example.test", failApply, failStatus },
        secrets = new { token = Canary },
    };

    private static string Template(string target) => $"""
        name: to-{target}
        stages:
          - name: only
            targets: [{target}]
            steps:
              - setWeight: 50
              - setWeight: 100
        """;

    private static async Task<JsonElement> TestAsync(HttpClient http, string name)
    {
        using var response = await http.PostAsync($"/api/targets/{name}/test", null);
        return await TargetsPortal.ExpectAsync(response, HttpStatusCode.OK);
    }

    private static async Task<string> WaitSettledAsync(TestClient client, string id)
    {
        var state = await Poll.UntilAsync(
            async () => (await client.GetReleaseAsync(id)).State is { } s && FinalStates.Contains(s) ? s : null,
            $"release {id} to settle");
        return state;
    }

    private static async Task<string?> SecretsColumnAsync(string database, string target)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        return await connection.ExecuteScalarAsync<string?>("SELECT secrets FROM targets WHERE name = @target", new { target });
    }

    /// <summary>Every byte of every file in the data folder: the database, its WAL, plugin state and the key ring.</summary>
    private static async Task AssertNoFileContainsAsync(string folder, string value)
    {
        var needle = Encoding.UTF8.GetBytes(value);
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                using var memory = new MemoryStream();
                await stream.CopyToAsync(memory);
                bytes = memory.ToArray();
            }
            Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"{file} contains the canary secret.");
        }
    }
}
