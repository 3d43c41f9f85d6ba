using System.Text;
using System.Text.RegularExpressions;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// <c>{{ name }}</c> placeholders in template values. A value that is exactly one placeholder takes the parameter's
/// typed value; a placeholder inside a longer text is replaced by the value's text.
/// </summary>
public static partial class Placeholders
{
    [GeneratedRegex(@"\{\{(?<inner>.*?)\}\}", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Braces();

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z][A-Za-z0-9_]*)\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Inner();

    /// <summary>True when <paramref name="text"/> holds anything that looks like a placeholder, well-formed or not.</summary>
    public static bool Contains(string? text) => text is not null && (text.Contains("{{", StringComparison.Ordinal) || text.Contains("}}", StringComparison.Ordinal));

    /// <summary>True when <paramref name="text"/> (ignoring surrounding white space) is exactly one placeholder.</summary>
    public static bool TryGetExact(string? text, out string name)
    {
        name = "";
        if (text is null)
        {
            return false;
        }
        var trimmed = text.Trim();
        var match = Braces().Match(trimmed);
        if (!match.Success || match.Index != 0 || match.Length != trimmed.Length)
        {
            return false;
        }
        var inner = Inner().Match(match.Groups["inner"].Value);
        if (!inner.Success)
        {
            return false;
        }
        name = inner.Groups["name"].Value;
        return true;
    }

    /// <summary>The parameter names referenced by well-formed placeholders, in order of appearance, without repeats.</summary>
    public static IReadOnlyList<string> Names(string? text)
    {
        var names = new List<string>();
        foreach (var found in Find(text))
        {
            if (found.Name is { } name && !names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }
        return names;
    }

    /// <summary>
    /// Every placeholder in <paramref name="text"/>; malformed ones (<c>{{ 1x }}</c>, an unclosed <c>{{</c>, a stray
    /// <c>}}</c>) come with a null <see cref="PlaceholderMatch.Name"/> and a <see cref="PlaceholderMatch.Problem"/>.
    /// </summary>
    public static IReadOnlyList<PlaceholderMatch> Find(string? text)
    {
        var found = new List<PlaceholderMatch>();
        if (string.IsNullOrEmpty(text))
        {
            return found;
        }
        var position = 0;
        foreach (Match match in Braces().Matches(text))
        {
            AddStray(text, position, match.Index, found);
            var inner = Inner().Match(match.Groups["inner"].Value);
            found.Add(inner.Success
                ? new PlaceholderMatch(match.Index, match.Length, inner.Groups["name"].Value, null)
                : new PlaceholderMatch(match.Index, match.Length, null,
                    $"malformed placeholder '{match.Value}': expected {{{{ parameterName }}}} with a name like maxErrorRate"));
            position = match.Index + match.Length;
        }
        AddStray(text, position, text.Length, found);
        return found;
    }

    /// <summary>Replaces every well-formed placeholder with <paramref name="replace"/>(name); malformed ones are left as they are.</summary>
    public static string Substitute(string text, Func<string, string> replace)
    {
        var builder = new StringBuilder();
        var position = 0;
        foreach (var found in Find(text))
        {
            if (found.Name is null)
            {
                continue;
            }
            builder.Append(text, position, found.Index - position).Append(replace(found.Name));
            position = found.Index + found.Length;
        }
        return builder.Append(text, position, text.Length - position).ToString();
    }

    private static void AddStray(string text, int from, int to, List<PlaceholderMatch> found)
    {
        var segment = text[from..to];
        var open = segment.IndexOf("{{", StringComparison.Ordinal);
        if (open >= 0)
        {
            found.Add(new PlaceholderMatch(from + open, to - from - open, null, "unclosed placeholder: '{{' without a matching '}}'"));
            return;
        }
        var close = segment.IndexOf("}}", StringComparison.Ordinal);
        if (close >= 0)
        {
            found.Add(new PlaceholderMatch(from + close, 2, null, "'}}' without a matching '{{'"));
        }
    }
}

/// <summary>A placeholder found in a value: its position, the parameter it names, or what is wrong with it.</summary>
public sealed record PlaceholderMatch(int Index, int Length, string? Name, string? Problem);
