using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Tokens;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>/healthz answers anyone, so what it says anonymously must not carry text that input can shape.</summary>
public sealed class AnonymousHealthTests
{
    [Fact]
    public async Task FailedService_AnonymousProbeSeesItsState_ButNotItsErrorText()
    {
        await using var portal = new LocalPortal();
        using var anonymous = portal.Browser();
        (await anonymous.GetAsync("/healthz")).Dispose();
        await using (var connection = new SqliteConnection($"Data Source={portal.Home.DatabaseFile}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER injected_fault BEFORE INSERT ON release_facts BEGIN SELECT RAISE(ABORT, 'text-an-attacker-chose'); END;";
            await command.ExecuteNonQueryAsync();
        }
        var token = await portal.Services.GetRequiredService<ApiTokenService>()
            .CreateAsync(new PortalUser("admin", "Administrator", null, ["admins"], "local"), "ci", TimeSpan.FromDays(1));
        using var pipeline = portal.Browser();
        pipeline.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        await new TestClient(pipeline).CreateReleaseAsync("quick-canary", "1.0.0");

        var text = "";
        await Poll.UntilAsync<object>(
            async () =>
            {
                using var response = await anonymous.GetAsync("/healthz");
                text = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.ServiceUnavailable ? text : null;
            },
            "the projector to fail",
            TimeSpan.FromSeconds(60),
            () => text);

        using var health = JsonDocument.Parse(text);
        var projector = health.RootElement.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "release-facts-projector");
        Assert.Equal("Failed", projector.GetProperty("state").GetString());
        Assert.DoesNotContain("text-an-attacker-chose", text, StringComparison.Ordinal);
    }
}
