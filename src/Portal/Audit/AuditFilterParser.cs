using System.Globalization;
using Microsoft.Extensions.Primitives;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Audit;

/// <summary>What a query string asked for: the filter, the page (<c>before</c>, <c>limit</c>), and each bad parameter with why.</summary>
public sealed record AuditFilterInput(AuditFilter Filter, long? Before, int Limit, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Reads audit filters from a query string, for the API, the export and the Audit page alike. Strict on purpose: an
/// unknown or repeated parameter, a time that is not ISO 8601 or a range that ends before it starts is an error
/// naming the parameter, never silently ignored, because an audit search that quietly widens misleads whoever reads it.
/// </summary>
public static class AuditFilterParser
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    public const int MaxTextLength = 200;

    /// <summary>The filter parameters, in the order the page shows them.</summary>
    public static readonly IReadOnlyList<string> FilterNames = ["actor", "action", "resourceKind", "resourceId", "from", "to", "outcome"];

    /// <summary>The paging parameters of <c>GET /api/audit</c>.</summary>
    public static readonly IReadOnlyList<string> PageNames = ["before", "limit"];

    // ISO 8601 as people and programs write it: a date, or a date and time (T or a space) to minutes, seconds or a
    // fraction, with Z, an offset, or nothing (read as UTC).
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <param name="query">The query string's parameters.</param>
    /// <param name="allowed">Every parameter name this caller accepts besides the filters (paging, <c>format</c>).</param>
    public static AuditFilterInput Parse(IEnumerable<KeyValuePair<string, StringValues>> query, params IReadOnlyCollection<string> allowed)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in query)
        {
            if (!FilterNames.Contains(name) && !allowed.Contains(name))
            {
                errors[Excerpt.Of(name, 40)] = [$"'{Excerpt.Of(name, 40)}' is not an audit filter; use {string.Join(", ", FilterNames.Concat(allowed))}."];
            }
            else if (value.Count > 1)
            {
                errors[name] = ["is given more than once; give it once."];
            }
            else if (!string.IsNullOrEmpty(value.ToString()))
            {
                values[name] = value.ToString();
            }
        }
        var filter = new AuditFilter
        {
            Actor = Match(values, "actor", family: false, errors),
            Action = Match(values, "action", family: true, errors),
            ResourceKind = Text(values, "resourceKind", errors),
            ResourceId = Text(values, "resourceId", errors),
            From = Time(values, "from", errors),
            To = Time(values, "to", errors),
            Outcome = Text(values, "outcome", errors),
        };
        if (filter is { From: { } from, To: { } to } && to <= from)
        {
            errors["to"] = [$"must be after from ({from.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z): 'to' is where the range ends, exclusive."];
        }
        var before = values.TryGetValue("before", out var b) ? Number(b, "before", 1, long.MaxValue, errors) : null;
        var limit = values.TryGetValue("limit", out var l) ? Number(l, "limit", 1, MaxLimit, errors) : null;
        return new AuditFilterInput(filter, before, (int)(limit ?? DefaultLimit), errors);
    }

    /// <summary>The query string parameters that select <paramref name="filter"/> (for links: the page's URL, the export).</summary>
    public static Dictionary<string, object?> ToQuery(AuditFilter filter) => new(StringComparer.Ordinal)
    {
        ["actor"] = filter.Actor?.ToString(),
        ["action"] = filter.Action?.ToString(),
        ["resourceKind"] = filter.ResourceKind,
        ["resourceId"] = filter.ResourceId,
        ["from"] = filter.From is { } from ? FormatTime(from) : null,
        ["to"] = filter.To is { } to ? FormatTime(to) : null,
        ["outcome"] = filter.Outcome,
    };

    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString(at.UtcDateTime.TimeOfDay.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string? Text(Dictionary<string, string> values, string name, Dictionary<string, string[]> errors)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }
        if (text.Length > MaxTextLength)
        {
            errors[name] = [$"is {text.Length} characters long; at most {MaxTextLength}."];
            return null;
        }
        if (text.Any(char.IsControl))
        {
            errors[name] = [$"'{Excerpt.Of(text)}' holds a control character."];
            return null;
        }
        return text;
    }

    // 'al*' is a prefix anywhere; for actions 'release.' is one too, and 'target' is the family target, target.*.
    private static AuditMatch? Match(Dictionary<string, string> values, string name, bool family, Dictionary<string, string[]> errors)
    {
        if (Text(values, name, errors) is not { } text)
        {
            return null;
        }
        var star = text.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0 && star != text.Length - 1)
        {
            errors[name] = [$"'{Excerpt.Of(text)}' has * inside; * may only end a prefix (al*)."];
            return null;
        }
        if (text == "*")
        {
            errors[name] = ["'*' alone selects everything; leave the filter empty instead, or give a prefix (al*)."];
            return null;
        }
        return star > 0 ? AuditMatch.Prefix(text[..^1])
            : family && text.EndsWith('.') ? AuditMatch.Prefix(text)
            : family && !text.Contains('.', StringComparison.Ordinal) ? new AuditMatch(text, AuditMatchKind.Family)
            : AuditMatch.Exact(text);
    }

    private static DateTimeOffset? Time(Dictionary<string, string> values, string name, Dictionary<string, string[]> errors)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }
        if (DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }
        errors[name] = [$"'{Excerpt.Of(text)}' is not an ISO 8601 date or time; write e.g. 2026-12-06 or 2026-12-06T21:00:00Z."];
        return null;
    }

    private static long? Number(string text, string name, long min, long max, Dictionary<string, string[]> errors)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors[name] = [$"'{Excerpt.Of(text)}' is not a whole number from {min} to {max}."];
        return null;
    }
}
