using PortalRelease.Portal.Configuration;
using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// Counts a template's lists before anything is read from them: stages, components, waves, targets, steps (per list and
/// in all) and parameters, and the length of parameter values. A 1 MiB template of 47,852 steps was accepted before,
/// and every release of it wrote a write-ahead log of 950 MB.
/// </summary>
internal static class TemplateSizeCheck
{
    public static List<TemplateError> Check(YamlNode root, LimitsOptions limits)
    {
        var walk = new Walk(limits);
        walk.Visit(root, "", inParameters: false);
        if (walk.Steps > limits.TemplateSteps)
        {
            walk.Errors.Add(new TemplateError(1, 1, "",
                $"the template has {walk.Steps} steps in all; at most {limits.TemplateSteps} are accepted ({Key(nameof(LimitsOptions.TemplateSteps))})"));
        }
        return walk.Errors;
    }

    private static string Key(string name) => $"{LimitsOptions.Section}:{name}";

    private sealed class Walk(LimitsOptions limits)
    {
        public List<TemplateError> Errors { get; } = [];

        public int Steps { get; private set; }

        public void Visit(YamlNode node, string path, bool inParameters)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (keyNode, value) in map.Children)
                    {
                        var key = keyNode is YamlScalarNode { Value: { } text } ? text : "";
                        var at = path.Length == 0 ? key : $"{path}.{key}";
                        if (value is YamlSequenceNode list && !WithinLimit(key, list, at))
                        {
                            continue;
                        }
                        Visit(value, at, inParameters || (path.Length == 0 && key == "parameters"));
                    }
                    break;
                case YamlSequenceNode sequence:
                    for (var i = 0; i < sequence.Children.Count; i++)
                    {
                        Visit(sequence.Children[i], $"{path}[{i}]", inParameters);
                    }
                    break;
                case YamlScalarNode { Value: { } text } when inParameters && text.Length > limits.ParameterValueLength:
                    Errors.Add(new TemplateError((int)node.Start.Line, (int)node.Start.Column, path,
                        $"is {text.Length} characters long; a parameter's values are at most {limits.ParameterValueLength} ({Key(nameof(LimitsOptions.ParameterValueLength))})"));
                    break;
            }
        }

        private bool WithinLimit(string key, YamlSequenceNode list, string path)
        {
            var (limit, setting, what) = key switch
            {
                "stages" or "components" => (limits.TemplateStages, nameof(LimitsOptions.TemplateStages), key),
                "steps" => (limits.TemplateStepsPerStage, nameof(LimitsOptions.TemplateStepsPerStage), "steps"),
                "waves" => (limits.TemplateWaves, nameof(LimitsOptions.TemplateWaves), "waves"),
                "targets" => (limits.TemplateTargets, nameof(LimitsOptions.TemplateTargets), "targets"),
                "parameters" or "options" => (limits.TemplateParameters, nameof(LimitsOptions.TemplateParameters), key),
                _ => (int.MaxValue, "", ""),
            };
            if (key == "steps")
            {
                Steps += list.Children.Count;
            }
            if (list.Children.Count <= limit)
            {
                return true;
            }
            Errors.Add(new TemplateError((int)list.Start.Line, (int)list.Start.Column, path,
                $"holds {list.Children.Count} {what}; at most {limit} are accepted ({Key(setting)})"));
            return false;
        }
    }
}
