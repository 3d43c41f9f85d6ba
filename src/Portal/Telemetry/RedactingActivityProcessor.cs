using System.Diagnostics;
using OpenTelemetry;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Telemetry;

/// <summary>
/// Masks <see cref="KnownSecrets"/> in every span before an exporter sees it, as <see cref="RedactingLoggerFactory"/>
/// does for logs: the name, each attribute (<c>url.full</c> of an outgoing HTTP call, where a Slack webhook's URL is
/// its credential) and the status description; a span with a secret in an event or a link is dropped. It must be the
/// tracing pipeline's first processor: exporters added after it (OTLP, or one a test or operator adds) see masked spans.
/// </summary>
internal sealed class RedactingActivityProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (KnownSecrets.Redact(data.DisplayName) is var name && !ReferenceEquals(name, data.DisplayName))
        {
            data.DisplayName = name;
        }
        List<KeyValuePair<string, string>>? masked = null;
        foreach (var tag in data.EnumerateTagObjects())
        {
            if (SecretText.Masked(tag.Value) is { } text)
            {
                (masked ??= []).Add(new(tag.Key, text));
            }
        }
        foreach (var (key, text) in masked ?? [])
        {
            data.SetTag(key, text);
        }
        if (data.StatusDescription is { } description && KnownSecrets.Redact(description) is var status && !ReferenceEquals(status, description))
        {
            data.SetStatus(data.Status, status);
        }
        if (HoldsSecret(data))
        {
            // Events and links cannot be changed once added (the span copies their attributes): a span holding a
            // secret there is not exported at all, rather than exported with it.
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    private static bool HoldsSecret(Activity data)
    {
        foreach (var e in data.EnumerateEvents())
        {
            if (!ReferenceEquals(KnownSecrets.Redact(e.Name), e.Name) || HoldsSecret(e.Tags))
            {
                return true;
            }
        }
        foreach (var link in data.EnumerateLinks())
        {
            if (HoldsSecret(link.Tags))
            {
                return true;
            }
        }
        return false;
    }

    private static bool HoldsSecret(IEnumerable<KeyValuePair<string, object?>>? tags) =>
        tags is not null && tags.Any(tag => SecretText.Masked(tag.Value) is not null);
}
