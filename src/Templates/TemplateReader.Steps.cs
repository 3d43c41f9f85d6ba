using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Templates;

/// <summary>The <c>steps:</c> list: one-key mappings of kind setWeight, pause or analysis.</summary>
internal sealed partial class TemplateReader
{
    private static readonly string[] StepKinds = ["setWeight", "pause", "analysis", "approval", "mirror"];
    private static readonly string[] PauseKeys = ["duration"];

    private const string PromoteHint = "'promote' is not written in templates: every stage ends with a promote step automatically";

    private List<StepDefinition>? ReadSteps(YamlNode? node, string path)
    {
        if (node is null || Sequence(node, path, "a list of steps") is not { } list)
        {
            return null;
        }
        if (list.Children.Count == 0)
        {
            Error(list, path, "a stage needs at least one step");
            return null;
        }
        var steps = new List<StepDefinition>();
        var ok = true;
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (ReadStep(list.Children[i], Index(path, i)) is { } step)
            {
                steps.Add(step);
            }
            else
            {
                ok = false;
            }
        }
        return ok ? steps : null;
    }

    private StepDefinition? ReadStep(YamlNode node, string path)
    {
        if (node is YamlScalarNode scalar && !IsNull(node))
        {
            Error(node, path, scalar.Value == "promote"
                ? PromoteHint
                : $"expected a step such as 'setWeight: 10', 'pause: {{ duration: 30s }}' or 'analysis: {{ ... }}', found '{scalar.Value}'");
            return null;
        }
        if (Mapping(node, path, "a step: a mapping with one key, setWeight, pause or analysis") is not { } map)
        {
            return null;
        }
        if (map.Children.Count == 0)
        {
            Error(map, path, "a step needs one key: setWeight, pause or analysis");
            return null;
        }
        StepDefinition? step = null;
        var ok = true;
        var index = 0;
        foreach (var (keyNode, value) in map.Children)
        {
            if (index++ == 1)
            {
                var kinds = string.Join(", ", map.Children.Keys.Select(k => k is YamlScalarNode s ? s.Value : "?"));
                Error(keyNode, path, $"a step has exactly one key, found {map.Children.Count} ({kinds}); start each step with '-'");
                ok = false;
            }
            var read = ReadStepKind(keyNode, value, path, map);
            step ??= read;
            ok &= read is not null;
        }
        return ok ? step : null;
    }

    private StepDefinition? ReadStepKind(YamlNode keyNode, YamlNode value, string path, YamlMappingNode step)
    {
        var line = (int)step.Start.Line;
        var column = (int)step.Start.Column;
        var kind = keyNode is YamlScalarNode { Value: { } text } ? text : "";
        var kindPath = Join(path, kind);
        switch (kind)
        {
            case "setWeight":
                return ReadValue(value, kindPath, FieldSpec.Weight) is { } weight ? new SetWeightDefinition(weight, line, column) : null;
            case "mirror":
                return ReadValue(value, kindPath, FieldSpec.Weight) is { } mirrored ? new MirrorDefinition(mirrored, line, column) : null;
            case "pause":
                return ReadPause(value, kindPath, line, column);
            case "analysis":
                return ReadAnalysis(value, kindPath, line, column);
            case "approval":
                return ReadApproval(value, kindPath, line, column);
            case "promote":
                Error(keyNode, kindPath, PromoteHint);
                return null;
            default:
                var near = StepKinds.FirstOrDefault(k => string.Equals(k, kind, StringComparison.OrdinalIgnoreCase));
                Error(keyNode, kindPath, near is not null
                    ? $"unknown step kind '{kind}'; did you mean '{near}'?"
                    : $"unknown step kind '{kind}'; expected one of: {string.Join(", ", StepKinds)}");
                return null;
        }
    }

    private PauseDefinition? ReadPause(YamlNode node, string path, int line, int column)
    {
        if (IsNull(node))
        {
            return new PauseDefinition(null, line, column);
        }
        if (Mapping(node, path, "'{}' (until resumed) or '{ duration: 30s }'") is not { } map)
        {
            return null;
        }
        var fields = ReadFields(map, path, PauseKeys);
        if (fields.Entries.Count != map.Children.Count)
        {
            return null;
        }
        if (fields.Get("duration") is not { } durationNode || IsNull(durationNode))
        {
            return new PauseDefinition(null, line, column);
        }
        return ReadValue(durationNode, Join(path, "duration"), FieldSpec.PauseDuration) is { } duration
            ? new PauseDefinition(duration, line, column)
            : null;
    }
}
