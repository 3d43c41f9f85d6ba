using System.Text.RegularExpressions;

namespace PortalRelease.Portal.Identity.Access;

/// <summary>What a grant may hold, checked the same way for settings and for the API.</summary>
public static partial class GrantRules
{
    public const int MaxPatterns = 32;
    public const int MaxSubjectLength = 256;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex GroupName();

    /// <summary>Null when <paramref name="name"/> is a group name (what settings groups and gates use).</summary>
    public static string? GroupProblem(string? name) =>
        name is not null && GroupName().IsMatch(name) ? null : $"a group name is 1 to 63 letters, digits, '.', '_' or '-', found '{Input.Excerpt.Of(name ?? "")}'";

    public static string? UserProblem(string? id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > MaxSubjectLength || id.Any(char.IsControl) || id.Trim() != id
            ? $"a user id is 1 to {MaxSubjectLength} printable characters without surrounding spaces, found '{Input.Excerpt.Of(id ?? "")}'"
            : null;

    public static string? RoleProblem(string? role) =>
        AccessRoles.IsRole(role) ? null : $"expected one of {string.Join(", ", AccessRoles.Names)}, found '{Input.Excerpt.Of(role ?? "")}'";

    /// <summary>Adds a problem per bad pattern under <paramref name="path"/>; an empty list means all.</summary>
    public static IReadOnlyList<string> Patterns(IReadOnlyList<string>? patterns, string path, ICollection<(string Path, string Message)> problems)
    {
        if (patterns is null || patterns.Count == 0)
        {
            return [ScopePattern.Any];
        }
        if (patterns.Count > MaxPatterns)
        {
            problems.Add((path, $"at most {MaxPatterns} patterns, found {patterns.Count}"));
            return [];
        }
        for (var i = 0; i < patterns.Count; i++)
        {
            if (ScopePattern.Problem(patterns[i]) is { } problem)
            {
                problems.Add(($"{path}:{i}", problem));
            }
        }
        return patterns.Distinct(StringComparer.Ordinal).ToList();
    }
}
