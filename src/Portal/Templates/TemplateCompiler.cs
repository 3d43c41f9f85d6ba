using System.Text.Json;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// Turns a template and the parameter values given for one release into the <see cref="ReleasePlan"/> the engine runs.
/// Stateless and thread-safe.
/// </summary>
public sealed class TemplateCompiler
{
    private readonly LimitsOptions _limits;

    /// <summary>A compiler with the default <see cref="LimitsOptions"/>.</summary>
    public TemplateCompiler()
        : this(new LimitsOptions())
    {
    }

    public TemplateCompiler(LimitsOptions limits) => _limits = limits;

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
        if (ParameterLimits.Check(values, _limits, errors))
        {
            return new CompileResult(null, new Dictionary<string, object?>(StringComparer.Ordinal), errors);
        }
        var resolved = ParameterResolver.Resolve(template.Parameters, values, errors);
        var plan = new PlanBuilder(template, resolved, targetExists, errors).Build();
        // Rolling batches and waves multiply steps at compile time: the plan, not only the template, is bounded.
        if (plan is { StepCount: var steps } && steps > _limits.TemplateSteps)
        {
            errors.Add(new ParameterError("", $"the plan has {steps} steps; at most {_limits.TemplateSteps} are accepted ({LimitsOptions.Section}:{nameof(LimitsOptions.TemplateSteps)})"));
        }
        return new CompileResult(errors.Count == 0 ? plan : null, resolved, errors);
    }
}
