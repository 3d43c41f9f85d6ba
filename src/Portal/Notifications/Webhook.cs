using System.Text;

namespace PortalRelease.Portal.Notifications;

/// <summary>A configured receiver with its URL and key resolved (environment variables read); never logged whole.</summary>
public sealed record Webhook(string Name, Uri Url, WebhookFormat Format, byte[]? Key, IReadOnlySet<string> Events)
{
    public bool Wants(string eventName) => Events.Count == 0 || Events.Contains(eventName);

    /// <summary>
    /// Resolves one entry of <c>Portal:Notifications:Webhooks</c>; every problem is added to <paramref name="errors"/>
    /// with the entry's position and name, so the operator sees what to fix and where.
    /// </summary>
    public static Webhook? Resolve(WebhookOptions options, int index, Func<string, string?> environment, List<string> errors)
    {
        var where = $"{NotificationOptions.Section}:Webhooks:{index}" + (string.IsNullOrWhiteSpace(options.Name) ? "" : $" ('{options.Name}')");
        var count = errors.Count;
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            errors.Add($"{where}: Name is required (deliveries are recorded under it).");
        }
        WebhookFormat? format = options.Format?.Trim().ToLowerInvariant() switch
        {
            "slack" => WebhookFormat.Slack,
            "generic" => WebhookFormat.Generic,
            _ => null,
        };
        if (format is null)
        {
            errors.Add($"{where}: Format '{options.Format}' is unknown; use 'slack' or 'generic'.");
        }
        var url = FromEither(options.Url, options.UrlEnvironmentVariable, "Url", environment, where, errors);
        Uri? uri = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            // A Slack URL is a credential: name where it came from, not what it is.
            errors.Add(format == WebhookFormat.Slack || options.UrlEnvironmentVariable is not null
                ? $"{where}: Url is not an absolute http:// or https:// URL (the value is not shown: a Slack URL is a credential)."
                : $"{where}: Url '{url}' is not an absolute http:// or https:// URL.");
            uri = null;
        }
        else if (url is null && errors.Count == count)
        {
            errors.Add($"{where}: Url (or UrlEnvironmentVariable) is required.");
        }
        byte[]? key = null;
        if (format == WebhookFormat.Generic)
        {
            var secret = FromEither(options.Secret, options.SecretEnvironmentVariable, "Secret", environment, where, errors);
            if (secret is null && !errors.Skip(count).Any(e => e.Contains("Secret", StringComparison.Ordinal)))
            {
                errors.Add($"{where}: a generic webhook is signed: set SecretEnvironmentVariable (or Secret) to its HMAC key.");
            }
            else if (secret is not null && secret.Length < MinimumSecretLength)
            {
                errors.Add($"{where}: the HMAC key must be at least {MinimumSecretLength} characters long.");
            }
            else if (secret is not null)
            {
                key = Encoding.UTF8.GetBytes(secret);
            }
        }
        else if (format == WebhookFormat.Slack && (options.Secret is not null || options.SecretEnvironmentVariable is not null))
        {
            errors.Add($"{where}: a Slack webhook is not signed (its URL is its credential); remove Secret/SecretEnvironmentVariable.");
        }
        var events = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in options.Events)
        {
            if (NotificationEventNames.Canonical(name) is { } canonical)
            {
                events.Add(canonical);
            }
            else
            {
                errors.Add($"{where}: Events: '{name}' is not an event; use any of {string.Join(", ", NotificationEventNames.All)}.");
            }
        }
        return errors.Count == count ? new Webhook(options.Name!.Trim(), uri!, format!.Value, key, events) : null;
    }

    public const int MinimumSecretLength = 16;

    private static string? FromEither(string? value, string? variable, string what, Func<string, string?> environment, string where, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(value) && !string.IsNullOrWhiteSpace(variable))
        {
            errors.Add($"{where}: set {what} or {what}EnvironmentVariable, not both.");
            return null;
        }
        if (!string.IsNullOrWhiteSpace(variable))
        {
            var read = environment(variable.Trim());
            if (string.IsNullOrEmpty(read))
            {
                errors.Add($"{where}: {what}EnvironmentVariable names '{variable}', which is not set or empty.");
                return null;
            }
            return read;
        }
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
