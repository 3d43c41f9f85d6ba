using System.Text.Json;

namespace PortalRelease.Portal.Templates;

/// <summary>Parameter values for one release: given JSON values read and checked, defaults for the rest.</summary>
internal static class ParameterResolver
{
    public static Dictionary<string, object?> Resolve(
        IReadOnlyList<TemplateParameter> parameters,
        IReadOnlyDictionary<string, JsonElement> values,
        List<ParameterError> errors)
    {
        var resolved = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in values.Keys)
        {
            if (!parameters.Any(p => string.Equals(p.Name, name, StringComparison.Ordinal)))
            {
                errors.Add(new ParameterError(name, UnknownParameter(name, parameters)));
            }
        }
        foreach (var parameter in parameters)
        {
            if (values.TryGetValue(parameter.Name, out var json) && json.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                if (ParameterValues.TryReadJson(parameter, json, out var value, out var error))
                {
                    resolved[parameter.Name] = value;
                }
                else
                {
                    errors.Add(new ParameterError(parameter.Name, error));
                }
            }
            else if (parameter.Default is { } fallback)
            {
                resolved[parameter.Name] = fallback;
            }
            else
            {
                errors.Add(new ParameterError(parameter.Name, "a value is required: this parameter has no default"));
            }
        }
        return resolved;
    }

    private static string UnknownParameter(string name, IReadOnlyList<TemplateParameter> parameters)
    {
        var near = parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (near is not null)
        {
            return $"unknown parameter; did you mean '{near.Name}'?";
        }
        return parameters.Count == 0
            ? "unknown parameter: the template declares no parameters"
            : $"unknown parameter; the template declares: {string.Join(", ", parameters.Select(p => p.Name))}";
    }
}
