namespace PortalRelease.Portal.Templates;

/// <summary>
/// One compilation: substitutes resolved parameter values into a template's targets and steps and converts them
/// into plan steps, appending a promote step to every stage. Errors name the step and the parameter responsible.
/// </summary>
internal sealed partial class PlanBuilder
{
    private readonly ReleaseTemplate _template;
    private readonly IReadOnlyDictionary<string, object?> _resolved;
    private readonly Func<string, bool>? _targetExists;
    private readonly List<ParameterError> _errors;

    public PlanBuilder(
        ReleaseTemplate template,
        IReadOnlyDictionary<string, object?> resolved,
        Func<string, bool>? targetExists,
        List<ParameterError> errors)
    {
        _template = template;
        _resolved = resolved;
        _targetExists = targetExists;
        _errors = errors;
    }

    public ReleasePlan? Build()
    {
        var before = _errors.Count;
        if (_template.Stages.Count == 0)
        {
            _errors.Add(new ParameterError("", "the template has no stages"));
        }
        var stages = new List<PlanStage>();
        for (var s = 0; s < _template.Stages.Count; s++)
        {
            var stage = _template.Stages[s];
            var path = $"stages[{s}]";
            var targets = BuildTargets(stage, path);
            var steps = new List<PlanStep>();
            AddStageGate(stage, path, steps);
            var gateSteps = steps.Count;
            AddStrategySteps(stage, path, steps);
            stages.AddRange(SplitWaves(stage, path, targets, gateSteps, new PlanStage(stage.Name, targets, steps) { Environment = stage.Environment }));
        }
        return _errors.Count == before ? new ReleasePlan(stages, _template.Rollback) { Service = _template.Service ?? _template.Name, Slos = _template.Slos } : null;
    }

    private List<string> BuildTargets(StageDefinition stage, string path)
    {
        var targets = new List<string>();
        if (stage.Targets.Count == 0)
        {
            _errors.Add(new ParameterError("", $"{path}: stage '{stage.Name}' has no targets"));
        }
        for (var t = 0; t < stage.Targets.Count; t++)
        {
            var raw = stage.Targets[t];
            var targetPath = $"{path}.targets[{t}]";
            if (!TryResolve(raw, targetPath, FieldSpec.Text, out var value))
            {
                continue;
            }
            var target = (string)value!;
            var source = Source(raw);
            if (targets.Contains(target, StringComparer.Ordinal))
            {
                _errors.Add(new ParameterError(source.Parameter, $"{targetPath}: target '{target}'{source.Suffix} appears twice in stage '{stage.Name}'"));
            }
            else if (_targetExists is not null && !_targetExists(target))
            {
                _errors.Add(new ParameterError(source.Parameter, $"{targetPath}: {TemplateReader.UnknownTarget(target)}{source.Suffix}"));
            }
            else
            {
                targets.Add(target);
            }
        }
        return targets;
    }

    private PlanStep? BuildStep(StepDefinition step, string path)
    {
        switch (step)
        {
            case SetWeightDefinition weight:
                return TryResolve(weight.Weight, $"{path}.setWeight", FieldSpec.Weight, out var value)
                    ? new SetWeightStep((int)(long)value!)
                    : null;
            case PauseDefinition { Duration: null }:
                return new PauseStep(null);
            case PauseDefinition pause:
                return TryResolve(pause.Duration, $"{path}.pause.duration", FieldSpec.PauseDuration, out var duration)
                    ? new PauseStep((TimeSpan)duration!)
                    : null;
            case AnalysisDefinition analysis:
                return BuildAnalysis(analysis, $"{path}.analysis");
            case ApprovalDefinition approval:
                return BuildApproval(approval, $"{path}.approval");
            default:
                _errors.Add(new ParameterError("", $"{path}: unsupported step {step.GetType().Name}"));
                return null;
        }
    }

    private bool TryResolveOptional(string? raw, string path, FieldSpec spec, out object? value)
    {
        value = null;
        return raw is null || TryResolve(raw, path, spec, out value);
    }

    /// <summary>Substitutes placeholders in <paramref name="raw"/> and converts the result to <paramref name="spec"/>'s type.</summary>
    private bool TryResolve(string? raw, string path, FieldSpec spec, out object? value)
    {
        value = null;
        if (raw is null)
        {
            _errors.Add(new ParameterError("", $"{path}: a value is required"));
            return false;
        }
        var found = Placeholders.Find(raw);
        foreach (var match in found)
        {
            if (match.Problem is { } problem)
            {
                _errors.Add(new ParameterError("", $"{path}: {problem}"));
                return false;
            }
            if (!_template.Parameters.Any(p => p.Name == match.Name))
            {
                _errors.Add(new ParameterError(match.Name!, $"{path}: refers to parameter '{match.Name}', which the template does not declare"));
                return false;
            }
            if (!_resolved.ContainsKey(match.Name!))
            {
                return false;
            }
        }
        object input = Placeholders.TryGetExact(raw, out var whole)
            ? _resolved[whole] ?? ""
            : Placeholders.Substitute(raw, name => ParameterValues.Format(_resolved[name]));
        if (spec.TryConvert(input, out var converted, out var error))
        {
            value = converted;
            return true;
        }
        var source = Source(raw);
        _errors.Add(new ParameterError(source.Parameter, $"{path}: {error}{source.Suffix}"));
        return false;
    }

    /// <summary>The parameter a value came from (first one named), and a suffix saying so for messages.</summary>
    private static (string Parameter, string Suffix) Source(string raw)
    {
        var names = Placeholders.Names(raw);
        return names.Count switch
        {
            0 => ("", ""),
            1 => (names[0], $" (from parameter '{names[0]}')"),
            _ => (names[0], $" (from parameters {string.Join(", ", names.Select(n => $"'{n}'"))})"),
        };
    }
}
