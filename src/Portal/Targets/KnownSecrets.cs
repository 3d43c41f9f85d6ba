using System.Collections.Concurrent;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// Every secret value the portal has decrypted or accepted, so text that leaves the process (driver error messages
/// bound for the journal, status details, problem details) can be scrubbed even where the code forming the text
/// does not know which target it is about. Process-wide on purpose: redacting a value of another portal instance
/// in the same process costs nothing, missing one would leak it.
/// </summary>
public static class KnownSecrets
{
    /// <summary>Shorter values are not redacted: they would mangle ordinary words, and are no secret worth the name.</summary>
    public const int MinimumLength = 4;

    public const string Mask = "[secret]";

    private static readonly ConcurrentDictionary<string, byte> Values = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers secret values, and the credentials inside any that is a structured document (a kubeconfig's token and
    /// client key, a JSON key file's private key): drivers and upstreams quote those, not the whole document.
    /// </summary>
    public static void Add(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            // Only a value seen for the first time is searched: secrets are decrypted on every driver call.
            if (value.Length >= MinimumLength && Values.TryAdd(value, 0))
            {
                foreach (var embedded in EmbeddedCredentials.Find(value).Where(v => v.Length >= MinimumLength))
                {
                    Values.TryAdd(embedded, 0);
                }
            }
        }
    }

    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text) || Values.IsEmpty)
        {
            return text;
        }
        // Longest first, so a secret containing another is masked whole.
        foreach (var value in Values.Keys.OrderByDescending(v => v.Length))
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, Mask, StringComparison.Ordinal);
            }
        }
        return text;
    }

    public static string? RedactOrNull(string? text) => text is null ? null : Redact(text);
}
