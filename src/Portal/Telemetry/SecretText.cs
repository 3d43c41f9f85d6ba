using System.Collections;
using System.Globalization;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Telemetry;

/// <summary>
/// The one redaction of telemetry values, shared by logs and traces: a value is compared by the invariant text an
/// exporter would write for it (JSON, OTLP), and one containing a <see cref="KnownSecrets"/> value becomes that text,
/// masked.
/// </summary>
internal static class SecretText
{
    /// <summary>The value's text masked when it holds a known secret; null when there is nothing to mask.</summary>
    public static string? Masked(object? value)
    {
        if (Of(value) is not { } text)
        {
            return null;
        }
        var masked = KnownSecrets.Redact(text);
        return ReferenceEquals(masked, text) ? null : masked;
    }

    public static string? Of(object? value) => value switch
    {
        null => null,
        string s => s,
        // Numbers, dates and the like cannot hold a secret of any length worth masking.
        IConvertible c => c.GetTypeCode() is TypeCode.Object ? c.ToString(CultureInfo.InvariantCulture) : null,
        // Only materialised collections: enumerating a lazy sequence here could run it twice.
        ICollection collection => string.Join(", ", collection.Cast<object?>()),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
