using System.Collections;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Telemetry;

/// <summary>
/// A log record's structured values with known secrets masked, each as <see cref="SecretText"/> masks it.
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
            if (SecretText.Masked(pair.Value) is not null)
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
            redacted.Add(new KeyValuePair<string, object?>(pair.Key, SecretText.Masked(pair.Value) ?? pair.Value));
        }
        var original = pairs.FirstOrDefault(p => p.Key == "{OriginalFormat}").Value as string;
        return new RedactedState(redacted, message ?? KnownSecrets.Redact(original ?? ""));
    }

    public int Count => _pairs.Count;

    public KeyValuePair<string, object?> this[int index] => _pairs[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _pairs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _message;
}
