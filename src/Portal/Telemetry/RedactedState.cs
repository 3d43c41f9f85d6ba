using System.Collections;
using System.Globalization;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Telemetry;

/// <summary>
/// A log record's structured values with known secrets masked. Values that are not text are compared by their
/// invariant text (what a JSON or OTLP exporter would write); one containing a secret becomes that text, masked.
/// </summary>
internal sealed class RedactedState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _pairs;
    private readonly string _message;

    private RedactedState(List<KeyValuePair<string, object?>> pairs, string message)
    {
        _pairs = pairs;
        _message = message;
    }

    public static bool Needed(IReadOnlyList<KeyValuePair<string, object?>> pairs)
    {
        foreach (var pair in pairs)
        {
            if (Text(pair.Value) is { } text && !ReferenceEquals(KnownSecrets.Redact(text), text))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The redacted values; <paramref name="message"/> null (a scope) uses the redacted original format, if any.</summary>
    public static RedactedState Of(IReadOnlyList<KeyValuePair<string, object?>> pairs, string? message)
    {
        var redacted = new List<KeyValuePair<string, object?>>(pairs.Count);
        foreach (var pair in pairs)
        {
            var value = pair.Value;
            if (Text(value) is { } text)
            {
                var masked = KnownSecrets.Redact(text);
                if (!ReferenceEquals(masked, text))
                {
                    value = masked;
                }
            }
            redacted.Add(new KeyValuePair<string, object?>(pair.Key, value));
        }
        var original = pairs.FirstOrDefault(p => p.Key == "{OriginalFormat}").Value as string;
        return new RedactedState(redacted, message ?? KnownSecrets.Redact(original ?? ""));
    }

    public int Count => _pairs.Count;

    public KeyValuePair<string, object?> this[int index] => _pairs[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _pairs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _message;

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        // Numbers, dates and the like cannot hold a secret of any length worth masking.
        IConvertible c when value is not string => c.GetTypeCode() is TypeCode.Object ? c.ToString(CultureInfo.InvariantCulture) : null,
        // Only materialised collections: enumerating a lazy sequence here could run it twice.
        ICollection collection => string.Join(", ", collection.Cast<object?>()),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
