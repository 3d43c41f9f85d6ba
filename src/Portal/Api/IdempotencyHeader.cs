using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Api;

/// <summary>
/// Reads the <c>Idempotency-Key</c> request header (IETF httpapi draft): a structured-field string, so the quoted form
/// <c>"8e03978e-40d5"</c> is the standard one; a bare value is accepted as well, as most clients send it.
/// </summary>
public static class IdempotencyHeader
{
    public const string Name = "Idempotency-Key";

    /// <summary>Response header set on an answer that replays an earlier request's release.</summary>
    public const string Replayed = "Idempotent-Replayed";

    /// <summary>The key (null when the header is absent), or a 400 problem naming the header.</summary>
    public static (IdempotencyKey? Key, IResult? Problem) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Name, out var values))
        {
            return (null, null);
        }
        if (values.Count != 1 || values[0] is not { } raw)
        {
            return (null, Invalid($"send it once; got {values.Count} values."));
        }
        if (!raw.StartsWith('"'))
        {
            return Parse(raw);
        }
        var (unquoted, quoteError) = Unquote(raw);
        return quoteError is null ? Parse(unquoted) : (null, Invalid(quoteError));
    }

    private static (IdempotencyKey?, IResult?) Parse(string value) =>
        IdempotencyKey.Parse(value, out var error) is { } key ? (key, null) : (null, Invalid(error!));

    private static IResult Invalid(string problem) =>
        Problems.BadRequest($"The {Name} header {problem} It is an opaque key of 1 to {IdempotencyKey.MaxLength} printable ASCII characters, "
            + "e.g. a UUID, optionally quoted.", new Dictionary<string, object?> { ["header"] = Name });

    /// <summary>An RFC 8941 sf-string: only <c>\"</c> and <c>\\</c> escape, and the closing quote ends the value.</summary>
    private static (string Value, string? Error) Unquote(string raw)
    {
        var value = new System.Text.StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\')
            {
                if (i + 1 >= raw.Length || raw[i + 1] is not ('"' or '\\'))
                {
                    return ("", $"has a bad escape at character {i + 1}: only \\\" and \\\\ escape in a quoted key.");
                }
                value.Append(raw[++i]);
            }
            else if (c == '"')
            {
                return i == raw.Length - 1 ? (value.ToString(), null) : ("", $"has text after its closing quote (character {i + 2}).");
            }
            else
            {
                value.Append(c);
            }
        }
        return ("", "opens a quote it never closes.");
    }
}
