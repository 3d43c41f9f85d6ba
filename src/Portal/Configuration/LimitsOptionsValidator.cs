namespace PortalRelease.Portal.Configuration;

/// <summary>Checks <c>Portal:Limits</c> at start: each limit positive and below a ceiling that keeps one request cheap.</summary>
public static class LimitsOptionsValidator
{
    public static IEnumerable<string> Validate(LimitsOptions limits)
    {
        var checks = new (string Key, long Value, long Min, long Max)[]
        {
            (nameof(LimitsOptions.RequestBodyBytes), limits.RequestBodyBytes, 1024, 64L * 1024 * 1024),
            (nameof(LimitsOptions.TemplateBytes), limits.TemplateBytes, 1024, 16 * 1024 * 1024),
            (nameof(LimitsOptions.TemplateStages), limits.TemplateStages, 1, 1000),
            (nameof(LimitsOptions.TemplateStepsPerStage), limits.TemplateStepsPerStage, 1, 10_000),
            (nameof(LimitsOptions.TemplateSteps), limits.TemplateSteps, 1, 100_000),
            (nameof(LimitsOptions.TemplateWaves), limits.TemplateWaves, 1, 1000),
            (nameof(LimitsOptions.TemplateTargets), limits.TemplateTargets, 1, 10_000),
            (nameof(LimitsOptions.TemplateParameters), limits.TemplateParameters, 1, 10_000),
            (nameof(LimitsOptions.ParameterValueLength), limits.ParameterValueLength, 16, 1024 * 1024),
            (nameof(LimitsOptions.TargetBytes), limits.TargetBytes, 1024, 16 * 1024 * 1024),
            (nameof(LimitsOptions.TargetValueLength), limits.TargetValueLength, 64, 16 * 1024 * 1024),
            (nameof(LimitsOptions.Alerts), limits.Alerts, 1, 100_000),
            (nameof(LimitsOptions.AlertLabels), limits.AlertLabels, 1, 10_000),
            (nameof(LimitsOptions.AlertLabelLength), limits.AlertLabelLength, 16, 1024 * 1024),
            (nameof(LimitsOptions.CommentLength), limits.CommentLength, 16, 1024 * 1024),
        };
        foreach (var (key, value, min, max) in checks)
        {
            if (value < min || value > max)
            {
                yield return $"{LimitsOptions.Section}:{key} must be between {min} and {max} (was {value}).";
            }
        }
        if (limits.TemplateStepsPerStage > limits.TemplateSteps)
        {
            yield return $"{LimitsOptions.Section}:TemplateStepsPerStage ({limits.TemplateStepsPerStage}) must not exceed {LimitsOptions.Section}:TemplateSteps ({limits.TemplateSteps}).";
        }
    }
}
