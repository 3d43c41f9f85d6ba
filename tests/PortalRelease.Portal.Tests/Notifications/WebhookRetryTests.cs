using Microsoft.Extensions.Options;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Notifications;

/// <summary>Retries with backoff, Retry-After, the attempt bound, refusals and a restart in the middle of a delivery.</summary>
public sealed class WebhookRetryTests : IAsyncLifetime
{
    private readonly string _secretVariable = "PORTAL_TEST_WEBHOOK_SECRET_" + Guid.NewGuid().ToString("N");
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_secretVariable, "retry-test-hmac-key-0123456789");
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Environment.SetEnvironmentVariable(_secretVariable, null);
    }

    [Fact]
    public async Task Receiver500Then429_IsRetriedHonouringRetryAfter_ThenDelivered()
    {
        _receiver.Script("/flaky", (500, null), (429, "1"));
        await using var portal = new NotificationsPortal(NotificationsPortal.Settings(
            ("flaky", _receiver.Url("/flaky"), "generic", _secretVariable, ["Promoted"])));

        var id = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.0");
        var deliveries = await DeliveriesApi.WaitAsync(portal.Http, id, d => d.Length == 1 && d[0].Status() == "Delivered", "the promoted notification delivered");

        var requests = _receiver.At("/flaky");
        Assert.Equal([500, 429, 200], requests.Select(r => r.AnsweredWith));
        // Retry-After: 1 was honoured, though the backoff alone would have waited 50-100 ms.
        Assert.True(requests[2].At - requests[1].At >= TimeSpan.FromSeconds(0.9), $"retried after {(requests[2].At - requests[1].At).TotalMilliseconds} ms");
        // Each attempt is signed afresh, over the same body.
        Assert.Single(requests.Select(r => r.Text).Distinct());
        Assert.All(requests, r => Assert.True(WebhookDeliveryTests.VerifyAsDocumented(r, "retry-test-hmac-key-0123456789"u8.ToArray())));

        var delivery = deliveries[0];
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        var log = delivery.GetProperty("attemptLog").EnumerateArray().ToList();
        Assert.Equal([500, 429, 200], log.Select(a => a.GetProperty("status").GetInt32()));
        Assert.Contains("HTTP 500", log[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("scripted 500", log[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receiver500Always_GivesUpAfterMaxAttempts_And400_IsNotRetried_BothShownFailed()
    {
        _receiver.Always("/down", 500);
        _receiver.Always("/refuses", 400);
        await using var portal = new NotificationsPortal(NotificationsPortal.Settings(
            ("down", _receiver.Url("/down"), "slack", null, ["Promoted"]),
            ("refuses", _receiver.Url("/refuses"), "generic", _secretVariable, ["Promoted"])));

        var id = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.1");
        var deliveries = await DeliveriesApi.WaitAsync(portal.Http, id, d => d.Length == 2 && d.All(x => x.Status() == "Failed"), "both deliveries failed");

        var down = deliveries.Single(d => d.GetProperty("webhook").GetString() == "down");
        Assert.Equal(4, down.GetProperty("attempts").GetInt32());
        Assert.Equal(4, _receiver.At("/down").Count);
        Assert.Contains("Gave up", down.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var refused = deliveries.Single(d => d.GetProperty("webhook").GetString() == "refuses");
        Assert.Equal(1, refused.GetProperty("attempts").GetInt32());
        Assert.Single(_receiver.At("/refuses"));
        Assert.Contains("Not retried", refused.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, refused.GetProperty("lastStatus").GetInt32());
    }

    [Fact]
    public async Task PendingDelivery_WhenThePortalRestarts_IsSentWithTheAttemptsItHasLeft()
    {
        _receiver.Script("/later", (503, null));
        var settings = NotificationsPortal.Settings(("later", _receiver.Url("/later"), "generic", _secretVariable, ["Promoted"]));
        // The retry after the first failure would come long after the test: only a restart can send it.
        settings["Portal:Notifications:RetryDelay"] = "00:10:00";
        using var home = new TempPortalHome();
        string id;
        await using (var first = new NotificationsPortal(settings, home))
        {
            id = await first.Client.CreateReleaseAsync("quick-canary", "1.0.2");
            await DeliveriesApi.WaitAsync(first.Http, id, d => d.Length == 1 && d[0].GetProperty("attempts").GetInt32() == 1, "the first attempt recorded");
        }
        Assert.Single(_receiver.At("/later"));

        await using var second = new NotificationsPortal(settings, home);
        var deliveries = await DeliveriesApi.WaitAsync(second.Http, id, d => d.Length == 1 && d[0].Status() == "Delivered", "the delivery sent after the restart");
        Assert.Equal(2, deliveries[0].GetProperty("attempts").GetInt32());
        Assert.Equal([503, 200], _receiver.At("/later").Select(r => r.AnsweredWith));
        // Same event, same document: the receiver can de-duplicate by eventId.
        Assert.Single(_receiver.At("/later").Select(r => r.Text).Distinct());
    }

    [Fact]
    public async Task BadConfiguration_FailsStart_NamingEachWebhookAndSetting_WithoutShowingSecrets()
    {
        using var home = new TempPortalHome();
        var settings = new Dictionary<string, string?>
        {
            ["Portal:Notifications:Webhooks:0:Name"] = "teams",
            ["Portal:Notifications:Webhooks:0:Url"] = "https://example.test/hook",
            ["Portal:Notifications:Webhooks:0:Format"] = "teams",
            ["Portal:Notifications:Webhooks:1:Name"] = "chat",
            ["Portal:Notifications:Webhooks:1:Url"] = "hooks.slack.test/services/T000/B000/very-secret-token",
            ["Portal:Notifications:Webhooks:1:Format"] = "slack",
            ["Portal:Notifications:Webhooks:2:Name"] = "audit",
            ["Portal:Notifications:Webhooks:2:Url"] = "https://audit.example.test/portal",
            ["Portal:Notifications:Webhooks:2:Format"] = "generic",
            ["Portal:Notifications:Webhooks:2:SecretEnvironmentVariable"] = "PORTAL_TEST_UNSET_" + Guid.NewGuid().ToString("N"),
            ["Portal:Notifications:Webhooks:2:Events:0"] = "Promted",
        };
        var thrown = await StartFailure.OfAsync(async () =>
        {
            await using var factory = NotificationsPortal.Factory(home, settings);
            factory.CreateClient();
        });
        var error = StartFailure.Find(thrown) ?? throw new Xunit.Sdk.XunitException($"Expected an OptionsValidationException, got {thrown}");
        var message = string.Join(Environment.NewLine, error.Failures);
        Assert.Contains("Portal:Notifications:Webhooks:0 ('teams'): Format 'teams' is unknown; use 'slack' or 'generic'.", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Notifications:Webhooks:1 ('chat'): Url is not an absolute http:// or https:// URL (the value is not shown", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Notifications:Webhooks:2 ('audit'): SecretEnvironmentVariable names 'PORTAL_TEST_UNSET_", message, StringComparison.Ordinal);
        Assert.Contains("Portal:Notifications:Webhooks:2 ('audit'): Events: 'Promted' is not an event", message, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-token", message, StringComparison.Ordinal);
    }
}
