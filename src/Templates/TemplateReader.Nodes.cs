using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Templates;

/// <summary>Node-level helpers: type checks, key sets, paths and error recording.</summary>
internal sealed partial class TemplateReader
{
    /// <summary>The known keys of one mapping, with the key nodes (for positions).</summary>
    private sealed class Fields(YamlMappingNode map, string path)
    {
        public YamlMappingNode Map { get; } = map;

        public string Path { get; } = path;

        public Dictionary<string, (YamlScalarNode Key, YamlNode Value)> Entries { get; } = new(StringComparer.Ordinal);

        public YamlNode? Get(string key) => Entries.TryGetValue(key, out var entry) ? entry.Value : null;
    }

    private void Error(int line, int column, string path, string message) =>
        _errors.Add(new TemplateError(Math.Max(1, line), Math.Max(1, column), path, message));

    private void Error(YamlNode node, string path, string message) => Error(node.Start, path, message);

    private void Error(Mark mark, string path, string message) => Error((int)mark.Line, (int)mark.Column, path, message);

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Index(string path, int index) => $"{path}[{index}]";

    /// <summary>An empty value, <c>~</c> or <c>null</c> written without quotes.</summary>
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode scalar => $"'{Excerpt.Of(scalar.Value)}'",
        _ => "something else",
    };

    /// <summary>Reads the keys of <paramref name="map"/>, reporting keys that are not plain text or not in <paramref name="allowed"/>.</summary>
    private Fields ReadFields(YamlMappingNode map, string path, IReadOnlyList<string> allowed)
    {
        var fields = new Fields(map, path);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key } scalarKey)
            {
                Error(keyNode, path, $"keys must be plain names, found {Describe(keyNode)}");
                continue;
            }
            if (allowed.Contains(key, StringComparer.Ordinal))
            {
                fields.Entries[key] = (scalarKey, value);
                continue;
            }
            Error(keyNode, Join(path, key), UnknownKey(key, allowed));
        }
        return fields;
    }

    private static string UnknownKey(string key, IReadOnlyList<string> allowed)
    {
        var near = allowed.FirstOrDefault(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase));
        return near is not null
            ? $"unknown key '{Excerpt.Of(key)}'; did you mean '{near}'?"
            : $"unknown key '{Excerpt.Of(key)}'; expected one of: {string.Join(", ", allowed)}";
    }

    /// <summary>The value of a required key; when it is missing, an error at the mapping that lacks it.</summary>
    private YamlNode? Required(Fields fields, string key)
    {
        if (fields.Get(key) is { } value)
        {
            return value;
        }
        Error(fields.Map, Join(fields.Path, key), $"missing required key '{key}'");
        return null;
    }

    private YamlMappingNode? Mapping(YamlNode node, string path, string expected)
    {
        if (node is YamlMappingNode map)
        {
            return map;
        }
        Error(node, path, $"expected {expected}, found {Describe(node)}");
        return null;
    }

    private YamlSequenceNode? Sequence(YamlNode node, string path, string expected)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }
        Error(node, path, $"expected {expected}, found {Describe(node)}");
        return null;
    }

    /// <summary>
    /// The text of a scalar. A null value is an error when <paramref name="required"/>. An unquoted placeholder
    /// (<c>max: {{ x }}</c>, which YAML reads as a nested mapping) gets a hint to quote it.
    /// </summary>
    private string? Scalar(YamlNode node, string path, bool required = true)
    {
        if (node is YamlScalarNode scalar)
        {
            if (!IsNull(node))
            {
                return scalar.Value ?? "";
            }
            if (required)
            {
                Error(node, path, "a value is required here");
            }
            return null;
        }
        if (UnquotedPlaceholder(node) is { } name)
        {
            Error(node, path, $"a placeholder must be quoted: write \"{{{{ {name} }}}}\" (without quotes YAML reads the braces as a mapping)");
            return null;
        }
        Error(node, path, $"expected a single value, found {Describe(node)}");
        return null;
    }

    /// <summary>The name inside <c>{{ name }}</c> when YAML read an unquoted placeholder as <c>{ { name: null }: null }</c>.</summary>
    private static string? UnquotedPlaceholder(YamlNode node)
    {
        if (node is YamlMappingNode { Children.Count: 1 } outer
            && outer.Children.Single() is { Key: YamlMappingNode { Children.Count: 1 } inner, Value: var outerValue }
            && IsNull(outerValue)
            && inner.Children.Single() is { Key: YamlScalarNode { Value: { Length: > 0 } name }, Value: var innerValue }
            && IsNull(innerValue))
        {
            return name;
        }
        return null;
    }
}
