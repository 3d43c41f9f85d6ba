using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Notifications;

/// <summary>
/// Slack reads <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as control characters in every text it renders, the fallback
/// <c>text</c> (notifications, some clients) as much as the blocks: a service named <c>&lt;!channel&gt;</c> sent raw
/// pings the whole channel. Its documented rule is to escape exactly those three, nothing else.
/// </summary>
public sealed class SlackEscapingTests
{
    private const string Hook = "/services/T0SLACK01/B0SLACK02/slack-escaping-hook";

    [Fact]
    public async Task SlackBody_OfAReleaseWhoseServiceIsAMention_EscapesTheFallbackTextLikeTheBlocks()
    {
        await using var slack = await WebhookReceiver.StartAsync();
        var settings = NotificationsPortal.Settings(("team-slack", slack.Url(Hook), "slack", null, ["Promoted"]));
        // An ampersand in the portal's own address reaches every link as well.
        settings["Portal:Notifications:PortalUrl"] = "https://portal.example.test/ops&tools/";
        await using var portal = new NotificationsPortal(settings);

        string id;
        using (var created = await portal.Http.PostAsJsonAsync("/api/releases", new
        {
            template = "quick-canary",
            version = "1.4.0",
            metadata = new { service = "<!channel> & <@U024BE7LH>" },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        await portal.Client.WaitForStateAsync(id, "Promoted");
        var posted = await Poll.UntilAsync(() => Task.FromResult(slack.At(Hook) is [var one] ? one : null), "the Promoted notification at the Slack receiver");

        using var events = JsonDocument.Parse(await portal.Http.GetStringAsync($"/api/releases/{id}/events"));
        var promoted = events.RootElement.EnumerateArray().Single(e =>
            e.GetProperty("type").GetString() == "StateChanged" && e.GetProperty("data").GetProperty("to").GetString() == "Promoted");
        var seq = promoted.GetProperty("seq").GetInt64();
        var at = DateTimeOffset.Parse(promoted.GetProperty("at").GetString()!, CultureInfo.InvariantCulture)
            .ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
        var from = promoted.GetProperty("data").GetProperty("from").GetString();
        var reason = promoted.GetProperty("data").GetProperty("reason").GetString();
        var actor = promoted.GetProperty("actor").GetString();
        const string Service = "&lt;!channel&gt; &amp; &lt;@U024BE7LH&gt;";
        var page = $"https://portal.example.test/ops&amp;tools/releases/{id}";

        var expected =
            $"{{\"text\":\"{Service} 1.4.0: {from} → Promoted ({page})\","
            + $"\"blocks\":[{{\"type\":\"section\",\"text\":{{\"type\":\"mrkdwn\",\"text\":\":white_check_mark: *{Service} 1.4.0*: {from} → Promoted\\n{reason}\"}}}},"
            + $"{{\"type\":\"context\",\"elements\":[{{\"type\":\"mrkdwn\",\"text\":\"Release <{page}|{id}> · quick-canary · event #{seq} · {at} · by {actor}\"}}]}},"
            + $"{{\"type\":\"actions\",\"elements\":[{{\"type\":\"button\",\"text\":{{\"type\":\"plain_text\",\"text\":\"Open release\"}},\"url\":\"https://portal.example.test/ops&tools/releases/{id}\"}}]}}]}}";
        Assert.Equal(expected, posted.Text);
    }
}
