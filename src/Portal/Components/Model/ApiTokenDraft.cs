using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Components.Model;

/// <summary>What a token form holds as typed: a name, a lifetime in days and a scope whose patterns are free text.</summary>
public sealed class ApiTokenDraft
{
    public const int DefaultDays = 90;

    public string? Name { get; set; }

    public int Days { get; set; } = DefaultDays;

    public string? Role { get; set; }

    public string? Environments { get; set; }

    public string? Services { get; set; }

    public string? Teams { get; set; }

    /// <summary>The request to make, or <see cref="ApiTokenException"/> naming the field that cannot become a scope.</summary>
    public ApiTokenRequest ToRequest() => new(Name, TimeSpan.FromDays(Days), ApiTokenScope.Parse(Role, Patterns(Environments), Patterns(Services), Patterns(Teams)));

    /// <summary>Patterns typed into one field, separated by commas or spaces; none typed is no restriction.</summary>
    public static List<string?>? Patterns(string? text)
    {
        var patterns = (text ?? "").Split([',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(p => (string?)p).ToList();
        return patterns.Count == 0 ? null : patterns;
    }
}

/// <summary>A token to issue, as a token form hands it to the page that issues it.</summary>
public sealed record ApiTokenRequest(string? Name, TimeSpan Lifetime, ApiTokenScope Scope);
