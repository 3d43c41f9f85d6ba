using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Templates;

/// <summary>Step and target values: fixed values are checked now; placeholders must name declared parameters of a fitting type.</summary>
internal sealed partial class TemplateReader
{
    /// <summary>The raw text of a value, or null when it is missing or wrong (the error is recorded).</summary>
    private string? ReadValue(YamlNode node, string path, FieldSpec spec)
    {
        if (Scalar(node, path) is not { } raw)
        {
            return null;
        }
        if (!Placeholders.Contains(raw))
        {
            if (!spec.TryConvert(raw, out _, out var error))
            {
                Error(node, path, error);
                return null;
            }
            return raw;
        }
        var ok = true;
        foreach (var found in Placeholders.Find(raw))
        {
            if (found.Problem is { } problem)
            {
                Error(node, path, problem);
                ok = false;
            }
            else if (found.Name is { } name && !_declared.ContainsKey(name))
            {
                Error(node, path, UnknownParameter(name));
                ok = false;
            }
        }
        if (ok && Placeholders.TryGetExact(raw, out var whole) && _declared[whole] is { } parameter)
        {
            ok = CheckWholePlaceholder(node, path, spec, parameter);
        }
        return ok ? raw : null;
    }

    /// <summary>A value that is exactly one placeholder takes the parameter's typed value: its type (and default) must fit.</summary>
    private bool CheckWholePlaceholder(YamlNode node, string path, FieldSpec spec, TemplateParameter parameter)
    {
        if (!spec.Accepts(parameter.Type))
        {
            Error(node, path, $"parameter '{parameter.Name}' is of type {ParameterValues.TypeName(parameter.Type)}; this value needs {spec.Expected}");
            return false;
        }
        if (parameter.Default is { } value && !spec.TryConvert(value, out _, out var error))
        {
            Error(node, path, $"the default of parameter '{parameter.Name}' does not fit here: {error}");
            return false;
        }
        return true;
    }

    private string UnknownParameter(string name) => _declared.Count == 0
        ? $"unknown parameter '{name}' in placeholder: the template declares no parameters"
        : $"unknown parameter '{name}' in placeholder; declared parameters: {string.Join(", ", _declared.Keys)}";
}
