using System.Text.Json;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// Bounds the parameter values one release request gives, before any is read: how many, how long each text, and that
/// every number is finite and of a sane magnitude (a field's own range is checked later, against its parameter).
/// </summary>
internal static class ParameterLimits
{
    /// <summary>True when a limit was exceeded; the errors say which.</summary>
    public static bool Check(IReadOnlyDictionary<string, JsonElement> values, LimitsOptions limits, List<ParameterError> errors)
    {
        var before = errors.Count;
        if (values.Count > limits.TemplateParameters)
        {
            errors.Add(new ParameterError("", $"{values.Count} parameter values were given; at most {limits.TemplateParameters} are accepted ({LimitsOptions.Section}:{nameof(LimitsOptions.TemplateParameters)})"));
            return true;
        }
        foreach (var (name, value) in values)
        {
            if (name.Length > limits.ParameterValueLength)
            {
                errors.Add(new ParameterError(Excerpt.Of(name), $"the name is {name.Length} characters long; at most {limits.ParameterValueLength} are accepted"));
            }
            else if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length is var length && length > limits.ParameterValueLength)
            {
                errors.Add(new ParameterError(name, $"the value is {length} characters long; at most {limits.ParameterValueLength} are accepted ({LimitsOptions.Section}:{nameof(LimitsOptions.ParameterValueLength)})"));
            }
            else if (value.ValueKind == JsonValueKind.Number && !SaneNumbers.IsSane(value))
            {
                errors.Add(new ParameterError(name, $"{SaneNumbers.Problem} Found {Excerpt.Of(value.GetRawText(), 24)}."));
            }
        }
        return errors.Count > before;
    }
}
