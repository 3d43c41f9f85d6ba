using System.Text.Json;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// Turns a template and the parameter values given for one release into the <see cref="ReleasePlan"/> the engine runs.
/// Stateless and thread-safe.
/// </summary>
public sealed class TemplateCompiler
{
    /// <summary>
    /// Resolves parameters (defaults fill omitted ones), substitutes placeholders and converts every step. When
    /// <paramref name="targetExists"/> is given, every target name (fixed or substituted) it rejects is an error.
    /// </summary>
    public CompileResult Compile(
        ReleaseTemplate template,
        IReadOnlyDictionary<string, JsonElement> values,
        Func<string, bool>? targetExists = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var errors = new List<ParameterError>();
        var resolved = ParameterResolver.Resolve(template.Parameters, values, errors);
        var plan = new PlanBuilder(template, resolved, targetExists, errors).Build();
        return new CompileResult(errors.Count == 0 ? plan : null, resolved, errors);
    }
}
