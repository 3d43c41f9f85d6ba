using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Notifications;

/// <summary>
/// Slack reads <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as control characters in every text it renders, the fallback
/// <c>text</c> (notifications, some clients) as much as the blocks: a display name or reason <c>&lt;!channel&gt;</c> sent
/// raw pings the whole channel. Its documented rule is to escape exactly those three, nothing else.
/// </summary>
public sealed class SlackEscapingTests
{
    private const string Hook = "/services/T0SLACK01/B0SLACK02/slack-escaping-hook";

    [Fact]
    public async Task SlackBody_OfAPauseByAUserNamedLikeAMention_EscapesNameReasonAndAddressInTextAndBlocks()
    {
        await using var slack = await WebhookReceiver.StartAsync();
        var settings = NotificationsPortal.Settings(("team-slack", slack.Url(Hook), "slack", null, ["Paused"]));
        // An ampersand in the portal's own address reaches every link as well.
        settings["Portal:Notifications:PortalUrl"] = "https://portal.example.test/ops&tools/";
        await using var portal = new NotificationsPortal(settings);
        // Service names and versions are checked where they enter; a display name comes from the identity provider or
        // an admin, and a reason from whoever pauses: free text both, and both reach the message.
        var mallory = TestActor.Named("mallory", "<!channel> & <@U024BE7LH>");
        var id = await portal.Client.CreateReleaseAsync("quick-canary", "1.4.0");

        var paused = await portal.Services.GetRequiredService<ReleaseService>().ExecuteAsync(id, ReleaseCommand.Pause, mallory, "<!here> look & see");

        Assert.True(paused.Status == CommandStatus.Accepted, paused.Message);
        var posted = await Poll.UntilAsync(() => Task.FromResult(slack.At(Hook) is [var one] ? one : null), "the Paused notification at the Slack receiver");
        using var body = JsonDocument.Parse(posted.Text);
        var text = body.RootElement.GetProperty("text").GetString()!;
        var blocks = body.RootElement.GetProperty("blocks");
        var section = blocks[0].GetProperty("text").GetProperty("text").GetString()!;
        var context = blocks[1].GetProperty("elements")[0].GetProperty("text").GetString()!;
        var page = $"https://portal.example.test/ops&amp;tools/releases/{id}";
        Assert.StartsWith("quick-canary 1.4.0: paused while ", text, StringComparison.Ordinal);
        Assert.EndsWith($" ({page})", text, StringComparison.Ordinal);
        Assert.EndsWith("\n&lt;!here&gt; look &amp; see", section, StringComparison.Ordinal);
        Assert.StartsWith($"Release <{page}|{id}> · quick-canary · event #", context, StringComparison.Ordinal);
        Assert.EndsWith(" · by &lt;!channel&gt; &amp; &lt;@U024BE7LH&gt;", context, StringComparison.Ordinal);
        // Nothing anywhere in what Slack renders opens a mention or a link but the portal's own.
        foreach (var rendered in new[] { text, section, context })
        {
            Assert.DoesNotContain("<!", rendered, StringComparison.Ordinal);
            Assert.DoesNotContain("<@", rendered, StringComparison.Ordinal);
        }
    }
}
