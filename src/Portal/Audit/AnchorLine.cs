using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortalRelease.Portal.Audit;

/// <summary>
/// One line of <c>data/audit-anchors.log</c>: a JSON payload with each chain's head (row id and hash) at a time and
/// the signing key's fingerprint, a tab, and the base64 ECDSA signature of the payload's UTF-8 bytes exactly as written.
/// </summary>
public sealed record AnchorLine(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("heads")] IReadOnlyDictionary<string, AnchorHead> Heads)
{
    public string Format(AnchorKey key)
    {
        var payload = JsonSerializer.Serialize(this);
        return payload + "\t" + Convert.ToBase64String(key.Sign(Encoding.UTF8.GetBytes(payload)));
    }

    /// <summary>The line's anchor, or null with why when it is not one this portal's key signed.</summary>
    public static (AnchorLine? Line, string? Problem) Parse(string text, AnchorKey key)
    {
        var tab = text.LastIndexOf('\t');
        if (tab <= 0)
        {
            return (null, "not an anchor line (no signature)");
        }
        try
        {
            var payload = text[..tab];
            var line = JsonSerializer.Deserialize<AnchorLine>(payload);
            if (line?.Heads is null)
            {
                return (null, "not an anchor line (no heads)");
            }
            if (line.Key != key.Fingerprint)
            {
                return (null, $"signed by key {line.Key}, not this portal's key {key.Fingerprint}");
            }
            return key.Verify(Encoding.UTF8.GetBytes(payload), Convert.FromBase64String(text[(tab + 1)..]))
                ? (line, null)
                : (null, "the signature does not match the line: it was altered or forged");
        }
        catch (Exception error) when (error is JsonException or FormatException)
        {
            return (null, "not an anchor line (unreadable)");
        }
    }
}

/// <summary>A chain's head in an anchor: the newest row's id and its hash in hex.</summary>
public sealed record AnchorHead([property: JsonPropertyName("id")] long Id, [property: JsonPropertyName("hash")] string Hash);
