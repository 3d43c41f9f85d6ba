using Microsoft.Extensions.Primitives;

namespace PortalRelease.Portal.Components.Model;

/// <summary>The Audit page's filter fields as typed, read from and written to the URL's query string unchanged.</summary>
public sealed class AuditFilterFields
{
    /// <summary>How the page names each query parameter in its messages.</summary>
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["actor"] = "Actor",
        ["action"] = "Action",
        ["resourceKind"] = "Resource kind",
        ["resourceId"] = "Resource id",
        ["from"] = "From",
        ["to"] = "To",
        ["outcome"] = "Outcome",
    };

    public string? Actor { get; set; }

    public string? Action { get; set; }

    public string? ResourceKind { get; set; }

    public string? ResourceId { get; set; }

    public string? From { get; set; }

    public string? To { get; set; }

    public string? Outcome { get; set; }

    public void Read(IReadOnlyDictionary<string, StringValues> query)
    {
        string? Value(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;
        (Actor, Action, ResourceKind, ResourceId) = (Value("actor"), Value("action"), Value("resourceKind"), Value("resourceId"));
        (From, To, Outcome) = (Value("from"), Value("to"), Value("outcome"));
    }

    /// <summary>The fields as typed (trimmed; empty ones left out): the page's parser says what is wrong with them.</summary>
    public Dictionary<string, object?> ToQuery() => new(StringComparer.Ordinal)
    {
        ["actor"] = Blank(Actor),
        ["action"] = Blank(Action),
        ["resourceKind"] = Blank(ResourceKind),
        ["resourceId"] = Blank(ResourceId),
        ["from"] = Blank(From),
        ["to"] = Blank(To),
        ["outcome"] = Blank(Outcome),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
