using Microsoft.Extensions.Options;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// The configured receivers, resolved once (options are validated at start, so this cannot fail). Their keys and
/// Slack URLs join <see cref="KnownSecrets"/>: the log redaction then masks them wherever they would be written.
/// </summary>
public sealed class WebhookRegistry
{
    public WebhookRegistry(IOptions<NotificationOptions> options)
    {
        var errors = NotificationOptionsValidator.Check(options.Value, Environment.GetEnvironmentVariable, out var webhooks);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(NotificationOptions.Section, typeof(NotificationOptions), errors);
        }
        Options = options.Value;
        Webhooks = webhooks;
        foreach (var webhook in webhooks)
        {
            KnownSecrets.Add(webhook.Key is null ? [] : [System.Text.Encoding.UTF8.GetString(webhook.Key)]);
            if (webhook.Format == WebhookFormat.Slack)
            {
                KnownSecrets.Add([webhook.Url.AbsoluteUri, webhook.Url.OriginalString]);
            }
        }
    }

    public NotificationOptions Options { get; }

    public IReadOnlyList<Webhook> Webhooks { get; }

    public Webhook? Find(string name) => Webhooks.FirstOrDefault(w => w.Name == name);
}
