using System.Text.RegularExpressions;

namespace PortalRelease.Portal.Identity.Access;

/// <summary>
/// An environment or service pattern in a grant or a token's scope: a name, or a name with <c>*</c> standing for any
/// run of characters (<c>payments-*</c>, <c>*</c>). Whole-string, case-sensitive, like the names it matches.
/// </summary>
public static partial class ScopePattern
{
    public const int MaxLength = 128;
    public const string Any = "*";

    /// <summary>Why <paramref name="pattern"/> is not a pattern, or null when it is.</summary>
    public static string? Problem(string? pattern) =>
        pattern is null || !Shape().IsMatch(pattern)
            ? $"a pattern is 1 to {MaxLength} letters, digits, '.', '_', '-' or '*', found '{Input.Excerpt.Of(pattern ?? "")}'"
            : null;

    public static bool Matches(string pattern, string name)
    {
        if (pattern == Any)
        {
            return true;
        }
        if (!pattern.Contains('*'))
        {
            return string.Equals(pattern, name, StringComparison.Ordinal);
        }
        return Matches(pattern.AsSpan(), name.AsSpan());
    }

    /// <summary>True when any of <paramref name="patterns"/> matches; an empty list matches everything.</summary>
    public static bool MatchesAny(IReadOnlyCollection<string> patterns, string name) =>
        patterns.Count == 0 || patterns.Any(p => Matches(p, name));

    // Iterative wildcard match with one backtrack point: linear in practice, no regex built from user input.
    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> name)
    {
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && pattern[p] == name[n])
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._*\-]{1,128}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
