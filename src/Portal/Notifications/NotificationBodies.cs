using System.Text.Encodings.Web;
using System.Text.Json;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// The documents sent: Slack's incoming-webhook JSON (fallback <c>text</c> plus Block Kit <c>blocks</c>), or the
/// portal's generic JSON. Built once when a delivery is queued, so every attempt sends (and signs) the same bytes.
/// </summary>
public static class NotificationBodies
{
    // Slack refuses a section text over 3,000 characters; a reason is cut well before.
    private const int MaxReason = 1_500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Readable bodies (a receiver's logs, the docs); the signature covers the exact bytes either way.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Build(WebhookFormat format, NotificationEvent e) => format switch
    {
        WebhookFormat.Slack => Slack(e),
        _ => Generic(e),
    };

    public static string Generic(NotificationEvent e) => JsonSerializer.Serialize(new
    {
        type = "release." + e.Name,
        eventId = $"{e.ReleaseId}#{e.Seq}",
        releaseId = e.ReleaseId,
        service = e.Service,
        version = e.Version,
        template = e.Template,
        from = e.From,
        to = e.To,
        reason = e.Reason,
        actor = e.Actor,
        actorName = e.ActorName,
        at = NotificationEvent.Format(e.At),
        sequence = e.Seq,
        url = e.Url.AbsoluteUri,
    }, Json);

    public static string Slack(NotificationEvent e)
    {
        var headline = $"{Icon(e.Name)} *{Escape(e.Service)} {Escape(e.Version)}*: {Escape(Describe(e))}";
        var reason = e.Reason is null ? "" : "\n" + Escape(e.Reason.Length > MaxReason ? e.Reason[..MaxReason] + "…" : e.Reason);
        var page = Escape(e.Url.AbsoluteUri);
        var context = $"Release <{page}|{Escape(e.ReleaseId)}> · {Escape(e.Template)} · event #{e.Seq} · {NotificationEvent.Format(e.At)}"
            + ((e.ActorName ?? e.Actor) is { } by ? $" · by {Escape(by)}" : "");
        return JsonSerializer.Serialize(new
        {
            // Slack parses the fallback text too (notifications, some clients): a service named "<!channel>" would ping.
            text = $"{Escape(e.Service)} {Escape(e.Version)}: {Escape(Describe(e))} ({page})",
            blocks = new object[]
            {
                new { type = "section", text = new { type = "mrkdwn", text = headline + reason } },
                new { type = "context", elements = new object[] { new { type = "mrkdwn", text = context } } },
                new
                {
                    type = "actions",
                    elements = new object[] { new { type = "button", text = new { type = "plain_text", text = "Open release" }, url = e.Url.AbsoluteUri } },
                },
            },
        }, Json);
    }

    private static string Describe(NotificationEvent e) => e.Name switch
    {
        NotificationEventNames.Paused => $"paused while {e.From ?? "running"}",
        NotificationEventNames.Resumed => $"resumed ({e.From ?? "running"})",
        NotificationEventNames.AwaitingApproval => "awaiting approval",
        _ => $"{e.From} → {e.To}",
    };

    private static string Icon(string name) => name switch
    {
        "Promoted" => ":white_check_mark:",
        "Failed" => ":x:",
        "RolledBack" => ":rewind:",
        "Aborted" => ":no_entry_sign:",
        NotificationEventNames.Paused => ":double_vertical_bar:",
        NotificationEventNames.Resumed => ":arrow_forward:",
        NotificationEventNames.AwaitingApproval => ":raised_hand:",
        _ => ":rocket:",
    };

    /// <summary>
    /// Slack treats these three as control characters in any text it parses, links' URLs included; everything else is
    /// literal (its documented rule: escape exactly these, never the whole text). The button's <c>url</c> is not parsed.
    /// </summary>
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
