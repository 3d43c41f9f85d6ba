using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Templates;

/// <summary>The <c>parameters:</c> list: names, types, defaults, ranges and options.</summary>
internal sealed partial class TemplateReader
{
    private static readonly string[] ParameterKeys = ["name", "type", "default", "description", "min", "max", "options"];

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    private List<TemplateParameter> ReadParameters(YamlNode? node)
    {
        var parameters = new List<TemplateParameter>();
        if (node is null || IsNull(node) || Sequence(node, "parameters", "a list of parameters") is not { } list)
        {
            return parameters;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = Index("parameters", i);
            if (Mapping(list.Children[i], path, "a parameter: a mapping with name and type") is { } map
                && ReadParameter(map, path) is { } parameter)
            {
                parameters.Add(parameter);
            }
        }
        return parameters;
    }

    private TemplateParameter? ReadParameter(YamlMappingNode map, string path)
    {
        var fields = ReadFields(map, path, ParameterKeys);
        var name = ReadParameterName(Required(fields, "name"), Join(path, "name"));
        var type = ReadParameterType(Required(fields, "type"), Join(path, "type"));
        var description = fields.Get("description") is { } d ? Scalar(d, Join(path, "description"), required: false) : null;
        var ok = name is not null && type is not null;
        var min = ReadBound(fields, "min", type, ref ok);
        var max = ReadBound(fields, "max", type, ref ok);
        if (min is not null && max is not null && min > max)
        {
            Error(fields.Get("max")!, Join(path, "max"), $"max ({ParameterValues.Format(max)}) is below min ({ParameterValues.Format(min)})");
            ok = false;
        }
        var options = ReadOptions(fields, type, ref ok);
        var parameter = ok
            ? new TemplateParameter(name!, type!.Value, description, null, Required: true, min, max, options)
            : null;
        var defaultValue = parameter is null ? null : ReadDefault(fields, parameter);
        if (parameter is not null && defaultValue is { Ok: false })
        {
            parameter = null;
        }
        if (parameter is not null && defaultValue is { Value: { } value })
        {
            parameter = parameter with { Default = value, Required = false };
        }
        if (name is not null && !_declared.ContainsKey(name))
        {
            _declared[name] = parameter;
        }
        return parameter;
    }

    private string? ReadParameterName(YamlNode? node, string path)
    {
        if (node is null || Scalar(node, path) is not { } name)
        {
            return null;
        }
        if (!Identifier().IsMatch(name))
        {
            Error(node, path, $"must start with a letter and hold only letters, digits and '_', found '{Excerpt.Of(name)}'");
            return null;
        }
        if (_declared.ContainsKey(name))
        {
            Error(node, path, $"duplicate parameter name '{Excerpt.Of(name)}'");
            return null;
        }
        return name;
    }

    private ParameterType? ReadParameterType(YamlNode? node, string path)
    {
        if (node is null || Scalar(node, path) is not { } text)
        {
            return null;
        }
        if (ParameterValues.TryParseType(text, out var type))
        {
            return type;
        }
        var names = Enum.GetValues<ParameterType>().Select(ParameterValues.TypeName);
        Error(node, path, $"unknown type '{Excerpt.Of(text)}'; expected one of: {string.Join(", ", names)}");
        return null;
    }

    /// <summary><c>min</c> or <c>max</c>: a number, only for int and number parameters, whole for int.</summary>
    private double? ReadBound(Fields fields, string key, ParameterType? type, ref bool ok)
    {
        if (fields.Get(key) is not { } node || IsNull(node))
        {
            return null;
        }
        var path = Join(fields.Path, key);
        if (type is not null and not (ParameterType.Int or ParameterType.Number))
        {
            Error(node, path, $"'{key}' applies only to int and number parameters");
            ok = false;
            return null;
        }
        if (Scalar(node, path) is not { } text)
        {
            ok = false;
            return null;
        }
        if (!ParameterValues.TryParseNumber(text, out var bound) || (type == ParameterType.Int && bound != Math.Floor(bound)))
        {
            Error(node, path, $"expected {(type == ParameterType.Int ? "a whole number" : "a number")}, found '{Excerpt.Of(text)}'");
            ok = false;
            return null;
        }
        return bound;
    }

    /// <summary><c>options</c>: required, non-empty and unique for choice parameters; not allowed for the others.</summary>
    private List<string> ReadOptions(Fields fields, ParameterType? type, ref bool ok)
    {
        var options = new List<string>();
        var path = Join(fields.Path, "options");
        var node = fields.Get("options");
        if (type is not null and not ParameterType.Choice)
        {
            if (node is not null && !IsNull(node))
            {
                Error(node, path, "'options' applies only to choice parameters");
                ok = false;
            }
            return options;
        }
        if (type is null)
        {
            return options;
        }
        if (node is null || IsNull(node))
        {
            Error(node ?? fields.Map, path, "a choice parameter needs 'options': a non-empty list of values");
            ok = false;
            return options;
        }
        if (Sequence(node, path, "a list of options such as [eu, us]") is not { } list)
        {
            ok = false;
            return options;
        }
        if (list.Children.Count == 0)
        {
            Error(list, path, "must list at least one option");
            ok = false;
        }
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            if (Scalar(item, Index(path, i)) is not { } option)
            {
                ok = false;
            }
            else if (options.Contains(option, StringComparer.Ordinal))
            {
                Error(item, Index(path, i), $"duplicate option '{Excerpt.Of(option)}'");
                ok = false;
            }
            else
            {
                options.Add(option);
            }
        }
        return options;
    }

    /// <summary>The typed default, checked against type, range and options. Ok is false when it is given but invalid.</summary>
    private (bool Ok, object? Value)? ReadDefault(Fields fields, TemplateParameter parameter)
    {
        if (fields.Get("default") is not { } node || IsNull(node))
        {
            return null;
        }
        var path = Join(fields.Path, "default");
        if (Scalar(node, path) is not { } text)
        {
            return (false, null);
        }
        if (!ParameterValues.TryParseText(parameter.Type, text, out var value, out var error)
            || !ParameterValues.Validate(parameter, value, out error))
        {
            Error(node, path, error);
            return (false, null);
        }
        return (true, value);
    }
}
