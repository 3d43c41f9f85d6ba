using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Notifications;

/// <summary>Webhooks of a real Sandbox release's state changes, received by a loopback HTTP server.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "webhook-hmac-key-0123456789abcdef";

    private readonly string _secretVariable = "PORTAL_TEST_WEBHOOK_SECRET_" + Guid.NewGuid().ToString("N");
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_secretVariable, Secret);
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Environment.SetEnvironmentVariable(_secretVariable, null);
    }

    [Fact]
    public async Task StateChanges_OfASandboxRelease_ReachSlackAndTheSignedGenericReceiver()
    {
        await using var portal = new NotificationsPortal(NotificationsPortal.Settings(
            ("team-slack", _receiver.Url("/slack"), "slack", null, []),
            ("audit", _receiver.Url("/generic"), "generic", _secretVariable, [])));

        var id = await portal.Client.CreateReleaseAsync("quick-canary", "1.4.0");
        await portal.Client.WaitForStateAsync(id, "Promoted");
        var changes = (await portal.Client.GetEventsAsync(id)).Where(e => e.Type == "StateChanged").ToList();
        var deliveries = await DeliveriesApi.WaitAsync(portal.Http, id,
            d => d.Length == 2 * changes.Count && d.All(x => x.Status() == "Delivered"), "every state change delivered to both webhooks");

        // Generic: one signed document per state change, in order, saying what the journal says.
        var generic = _receiver.At("/generic");
        Assert.Equal(changes.Count, generic.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            var request = generic[i];
            Assert.True(VerifyAsDocumented(request, Encoding.UTF8.GetBytes(Secret)), $"signature of {request.Text}");
            using var json = JsonDocument.Parse(request.Body);
            var root = json.RootElement;
            Assert.Equal(id, root.GetProperty("releaseId").GetString());
            Assert.Equal("1.4.0", root.GetProperty("version").GetString());
            Assert.Equal("quick-canary", root.GetProperty("service").GetString());
            Assert.Equal(changes[i].Seq, root.GetProperty("sequence").GetInt64());
            Assert.Equal(changes[i].Str("from"), root.GetProperty("from").GetString());
            Assert.Equal(changes[i].Str("to"), root.GetProperty("to").GetString());
            Assert.Equal("release." + changes[i].Str("to"), root.GetProperty("type").GetString());
            Assert.Equal($"https://portal.example.test/releases/{id}", root.GetProperty("url").GetString());
            Assert.True(DateTimeOffset.TryParse(root.GetProperty("at").GetString(), CultureInfo.InvariantCulture, out _));
            Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
            Assert.Equal(changes[i].Str("to"), request.Header("X-Portal-Event"));
        }
        Assert.Equal("Promoted", JsonDocument.Parse(generic[^1].Body).RootElement.GetProperty("to").GetString());

        // Slack: incoming-webhook JSON with fallback text, blocks and a button to the release page; never signed.
        var slack = _receiver.At("/slack");
        Assert.Equal(changes.Count, slack.Count);
        Assert.All(slack, request =>
        {
            Assert.Null(request.Header("X-Portal-Signature"));
            using var json = JsonDocument.Parse(request.Body);
            var root = json.RootElement;
            Assert.Contains("quick-canary 1.4.0", root.GetProperty("text").GetString(), StringComparison.Ordinal);
            var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
            Assert.Equal("section", blocks[0].GetProperty("type").GetString());
            Assert.Equal("mrkdwn", blocks[0].GetProperty("text").GetProperty("type").GetString());
            var button = blocks.Single(b => b.GetProperty("type").GetString() == "actions").GetProperty("elements")[0];
            Assert.Equal($"https://portal.example.test/releases/{id}", button.GetProperty("url").GetString());
        });
        Assert.Contains(":white_check_mark:", slack[^1].Text, StringComparison.Ordinal);

        // The API shows each delivery with its one successful attempt.
        Assert.All(deliveries, d =>
        {
            Assert.Equal(1, d.GetProperty("attempts").GetInt32());
            Assert.Equal(200, d.GetProperty("lastStatus").GetInt32());
            Assert.Equal(200, d.GetProperty("attemptLog")[0].GetProperty("status").GetInt32());
        });
        Assert.Equal(["audit", "team-slack"], deliveries.Select(d => d.GetProperty("webhook").GetString()).Distinct().Order());
    }

    [Fact]
    public async Task EventsFilter_SendsOnlyTheChosenEvents_AndAPauseStepAwaitingAPersonIsAwaitingApproval()
    {
        await using var portal = new NotificationsPortal(NotificationsPortal.Settings(
            ("outcomes", _receiver.Url("/outcomes"), "generic", _secretVariable, ["promoted", "RolledBack", "AwaitingApproval", "Resumed"])));
        await portal.Client.ImportTemplateAsync("""
            name: held-for-a-person
            stages:
              - name: only
                targets: [sandbox-eu]
                steps:
                  - setWeight: 10
                  - pause: {}
                  - setWeight: 100
            """);
        var id = await portal.Client.CreateReleaseAsync("held-for-a-person", "2.0.0");
        await Poll.UntilAsync(() => Task.FromResult(_receiver.At("/outcomes").Count == 1), "the awaiting-approval notification");
        using (var resume = await portal.Http.PostAsync($"/api/releases/{id}/resume", JsonContent("{\"reason\":\"looks good\"}")))
        {
            Assert.True(resume.IsSuccessStatusCode, await resume.Content.ReadAsStringAsync());
        }
        await portal.Client.WaitForStateAsync(id, "Promoted");
        await Poll.UntilAsync(() => Task.FromResult(_receiver.At("/outcomes").Count == 3), "resumed and promoted notifications");

        var types = _receiver.At("/outcomes").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Equal(["release.AwaitingApproval", "release.Resumed", "release.Promoted"], types);
        var resumed = JsonDocument.Parse(_receiver.At("/outcomes")[1].Body).RootElement;
        Assert.Equal("looks good", resumed.GetProperty("reason").GetString());
        Assert.Equal(resumed.GetProperty("from").GetString(), resumed.GetProperty("to").GetString());
    }

    [Fact]
    public async Task Notifications_OfAnUnknownRelease_Are404ProblemDetails()
    {
        await using var portal = new NotificationsPortal(NotificationsPortal.Settings());
        using var response = await portal.Http.GetAsync("/api/releases/no-such-release/notifications");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-such-release", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The receiver's check exactly as docs/operations.md shows it, written independently of the portal's code.</summary>
    internal static bool VerifyAsDocumented(ReceivedRequest request, byte[] key)
    {
        var timestamp = request.Header("X-Portal-Timestamp");
        var signature = request.Header("X-Portal-Signature");
        if (timestamp is null || signature is null || !long.TryParse(timestamp, out var seconds))
        {
            return false;
        }
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }
}
