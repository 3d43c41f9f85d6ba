using Microsoft.Extensions.Options;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// The configured receivers, resolved once (options are validated at start, so this cannot fail). Their keys and
/// Slack URLs (and their paths) join <see cref="KnownSecrets"/>: the redaction of logs and traces then masks them
/// wherever they would be written.
/// </summary>
public sealed class WebhookRegistry
{
    private const int MinimumSecretPath = 16;

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
                // Slack's path (/services/T…/B…/token) is the credential: masked on its own too, wherever the URL is
                // written in another form (a default port spelled out, a request line). A short path is no credential
                // and would mask ordinary text ("/api").
                if (webhook.Url.AbsolutePath.Length >= MinimumSecretPath)
                {
                    KnownSecrets.Add([webhook.Url.AbsolutePath, Uri.UnescapeDataString(webhook.Url.AbsolutePath)]);
                }
            }
        }
    }

    public NotificationOptions Options { get; }

    public IReadOnlyList<Webhook> Webhooks { get; }

    public Webhook? Find(string name) => Webhooks.FirstOrDefault(w => w.Name == name);
}
