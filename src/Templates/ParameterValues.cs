using System.Globalization;
using System.Text.Json;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// Typed parameter values. Each <see cref="ParameterType"/> has one CLR representation: string → <see cref="string"/>,
/// int → <see cref="long"/>, number → <see cref="double"/>, bool → <see cref="bool"/>, duration → <see cref="TimeSpan"/>,
/// choice → <see cref="string"/>.
/// </summary>
public static class ParameterValues
{
    /// <summary>The YAML-facing name of a type (<c>int</c>, <c>duration</c>, …).</summary>
    public static string TypeName(ParameterType type) => type.ToString().ToLowerInvariant();

    /// <summary>Reads a type name as templates write it; case-sensitive.</summary>
    public static bool TryParseType(string? text, out ParameterType type)
    {
        foreach (var candidate in Enum.GetValues<ParameterType>())
        {
            if (string.Equals(TypeName(candidate), text, StringComparison.Ordinal))
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>Reads a value written as text (a YAML default) for a parameter of <paramref name="type"/>; no range or option check.</summary>
    public static bool TryParseText(ParameterType type, string text, out object value, out string error)
    {
        error = "";
        value = text;
        switch (type)
        {
            case ParameterType.String:
            case ParameterType.Choice:
                return true;
            case ParameterType.Int when TryParseInt(text, out var whole):
                value = whole;
                return true;
            case ParameterType.Int:
                error = $"expected a whole number, found '{Excerpt.Of(text)}'";
                return false;
            case ParameterType.Number when TryParseNumber(text, out var number):
                value = number;
                return true;
            case ParameterType.Number:
                error = $"expected a number, found '{Excerpt.Of(text)}'";
                return false;
            case ParameterType.Bool when TryParseBool(text, out var flag):
                value = flag;
                return true;
            case ParameterType.Bool:
                error = $"expected true or false, found '{Excerpt.Of(text)}'";
                return false;
            case ParameterType.Duration when Durations.TryParse(text, out var duration):
                value = duration;
                return true;
            default:
                error = $"expected a duration like 500ms, 30s, 5m or 1h30m, found '{Excerpt.Of(text)}'";
                return false;
        }
    }

    /// <summary>Reads a JSON value (from the wizard or the API) for <paramref name="parameter"/>, then checks range and options.</summary>
    public static bool TryReadJson(TemplateParameter parameter, JsonElement json, out object value, out string error)
    {
        value = "";
        error = "";
        var type = parameter.Type;
        var ok = (type, json.ValueKind) switch
        {
            (ParameterType.String or ParameterType.Choice, JsonValueKind.String) => Set(json.GetString()!, out value),
            (ParameterType.Int, JsonValueKind.Number) when json.TryGetInt64(out var whole) && SaneNumbers.IsSane(whole) => Set(whole, out value),
            (ParameterType.Int, JsonValueKind.Number) when json.TryGetDouble(out var d) && d == Math.Floor(d) && SaneNumbers.IsSane(d) => Set((long)d, out value),
            (ParameterType.Number, JsonValueKind.Number) when json.TryGetDouble(out var number) && SaneNumbers.IsSane(number) => Set(number, out value),
            (ParameterType.Bool, JsonValueKind.True) => Set(true, out value),
            (ParameterType.Bool, JsonValueKind.False) => Set(false, out value),
            (ParameterType.Duration, JsonValueKind.String) when Durations.TryParse(json.GetString(), out var duration) => Set(duration, out value),
            _ => false,
        };
        if (!ok)
        {
            error = type == ParameterType.Duration && json.ValueKind == JsonValueKind.String
                ? $"expected a duration like 500ms, 30s, 5m or 1h30m, found '{Excerpt.Of(json.GetString())}'"
                : $"expected {Expected(type)}, found {Describe(json)}";
            return false;
        }
        return Validate(parameter, value, out error);
    }

    /// <summary>Checks a typed value against the parameter's min, max and options.</summary>
    public static bool Validate(TemplateParameter parameter, object value, out string error)
    {
        error = "";
        var number = value switch
        {
            long whole => (double?)whole,
            double d => d,
            _ => null,
        };
        if (number is { } n)
        {
            if (parameter.Min is { } min && n < min)
            {
                error = $"{Format(value)} is below the minimum {Format(min)}";
                return false;
            }
            if (parameter.Max is { } max && n > max)
            {
                error = $"{Format(value)} is above the maximum {Format(max)}";
                return false;
            }
        }
        if (parameter.Type == ParameterType.Choice && value is string choice && !parameter.Options.Contains(choice, StringComparer.Ordinal))
        {
            error = $"'{Excerpt.Of(choice)}' is not one of the options: {string.Join(", ", parameter.Options)}";
            return false;
        }
        return true;
    }

    /// <summary>The text of a typed value as it is substituted inside a longer string, and as it reads back.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        TimeSpan duration => Durations.Format(duration),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // Numbers beyond SaneNumbers' range are refused as unreadable: no field needs them, and 1e308 crashed a runner.
    internal static bool TryParseInt(string text, out long value) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && SaneNumbers.IsSane(value);

    internal static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value) && SaneNumbers.IsSane(value);

    internal static bool TryParseBool(string text, out bool value)
    {
        switch (text.Trim())
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static bool Set(object given, out object value)
    {
        value = given;
        return true;
    }

    private static string Expected(ParameterType type) => type switch
    {
        ParameterType.String => "a string",
        ParameterType.Choice => "a string (one of the options)",
        ParameterType.Int => "a whole number",
        ParameterType.Number => "a number",
        ParameterType.Bool => "true or false",
        _ => "a duration string like \"30s\"",
    };

    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Excerpt.Of(json.GetString())}\"",
        JsonValueKind.Number => $"the number {Excerpt.Of(json.GetRawText(), 24)}",
        JsonValueKind.True or JsonValueKind.False => json.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
