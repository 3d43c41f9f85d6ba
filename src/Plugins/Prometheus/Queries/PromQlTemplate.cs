using System.Text;
using System.Text.RegularExpressions;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Queries;

/// <summary>
/// A PromQL expression with placeholders: <c>{{release}}</c>, <c>{{version}}</c>, <c>{{cohort}}</c>,
/// <c>{{target}}</c> (label values, escaped for a double-quoted string) and <c>{{window}}</c> (a range such as
/// <c>[30s]</c>; written <c>[{{window}}]</c> or <c>{{window}}</c>, both give one pair of brackets).
/// </summary>
internal sealed partial class PromQlTemplate
{
    public const string Release = "release";
    public const string Version = "version";
    public const string Cohort = "cohort";
    public const string Target = "target";
    public const string Window = "window";

    public static readonly IReadOnlyList<string> Placeholders = [Release, Version, Cohort, Target, Window];

    private readonly string _text;

    private PromQlTemplate(string text, IReadOnlySet<string> used)
    {
        _text = text;
        Used = used;
    }

    /// <summary>The placeholders the expression uses.</summary>
    public IReadOnlySet<string> Used { get; }

    public override string ToString() => _text;

    /// <summary>Reads a template, or says what is wrong with its placeholders (PromQL itself is Prometheus' to judge).</summary>
    public static PromQlTemplate? TryParse(string text, out string? error)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in PlaceholderPattern().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!Placeholders.Contains(name, StringComparer.Ordinal))
            {
                error = $"Unknown placeholder '{match.Value}'. Known placeholders: {string.Join(", ", Placeholders.Select(p => "{{" + p + "}}"))}.";
                return null;
            }
            used.Add(name);
        }
        // Valid PromQL never holds '{{' or '}}', so any left over is a mistyped placeholder.
        var rest = PlaceholderPattern().Replace(text, "");
        if (rest.Contains("{{", StringComparison.Ordinal) || rest.Contains("}}", StringComparison.Ordinal))
        {
            error = "Has an unclosed or malformed placeholder: write them as {{release}}, {{version}}, {{cohort}}, {{target}} or {{window}}.";
            return null;
        }
        error = null;
        return new PromQlTemplate(text, used);
    }

    /// <summary>The expression with every placeholder replaced.</summary>
    /// <exception cref="DriverException">A placeholder has no value for this query (e.g. no release).</exception>
    public string Render(MetricQuery query, TimeSpan window, string metric)
    {
        string Label(string name, string? value) => value is null
            ? throw new DriverException($"The query for {metric} uses {{{{{name}}}}}, but this measurement has no {name}.")
            : Escape(value);

        var range = "[" + PromDuration.Format(window) + "]";
        var text = _text;
        if (Used.Contains(Window))
        {
            text = WindowInBracketsPattern().Replace(text, range);
        }
        return PlaceholderPattern().Replace(text, match => match.Groups["name"].Value switch
        {
            Release => Label(Release, query.ReleaseId),
            Version => Label(Version, query.Version),
            Cohort => Label(Cohort, query.Cohort),
            Target => Label(Target, query.Target.Name),
            _ => range,
        });
    }

    /// <summary>Escapes a value for a double-quoted PromQL string (Go's escapes), so it cannot end the matcher.</summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => escaped.Append(@"\\"),
                '"' => escaped.Append("\\\""),
                '\n' => escaped.Append(@"\n"),
                '\r' => escaped.Append(@"\r"),
                '\t' => escaped.Append(@"\t"),
                _ when char.IsControl(c) => escaped.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)),
                _ => escaped.Append(c),
            };
        }
        return escaped.ToString();
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z0-9_.-]*)\s*\}\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\[\s*\{\{\s*window\s*\}\}\s*\]")]
    private static partial Regex WindowInBracketsPattern();
}
