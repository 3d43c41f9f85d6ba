namespace PortalRelease.Portal.Notifications;

/// <summary>The <c>Portal:Notifications</c> section of appsettings.json: outgoing webhooks on release state changes.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Portal:Notifications";

    /// <summary>The portal's address as receivers should link to it (the release page is <c>{PortalUrl}/releases/{id}</c>).</summary>
    public string PortalUrl { get; set; } = "http://localhost:5080";

    /// <summary>Attempts per delivery in all, across restarts; after the last one fails the delivery is Failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first retry's delay; each later one doubles it (with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A receiver's <c>Retry-After</c> is honoured up to this long.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events older than this when the portal first sees them (after a long outage) are not sent: stale news.</summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(1);

    public List<WebhookOptions> Webhooks { get; set; } = [];
}

/// <summary>One receiver. Strings are validated at start (<see cref="NotificationOptionsValidator"/>), so a typo fails fast.</summary>
public sealed class WebhookOptions
{
    /// <summary>Unique; deliveries are recorded under it.</summary>
    public string? Name { get; set; }

    public string? Url { get; set; }

    /// <summary>Read <see cref="Url"/> from this environment variable instead (a Slack URL is itself a credential).</summary>
    public string? UrlEnvironmentVariable { get; set; }

    /// <summary><c>slack</c> (incoming-webhook JSON) or <c>generic</c> (a signed JSON document).</summary>
    public string? Format { get; set; }

    /// <summary>The HMAC-SHA256 key of a generic webhook. Prefer <see cref="SecretEnvironmentVariable"/>: a file is easily shared.</summary>
    public string? Secret { get; set; }

    /// <summary>The environment variable holding the HMAC key.</summary>
    public string? SecretEnvironmentVariable { get; set; }

    /// <summary>Which events to send (see <see cref="NotificationEventNames"/>); empty sends every one.</summary>
    public List<string> Events { get; set; } = [];
}

public enum WebhookFormat
{
    Slack,
    Generic,
}
