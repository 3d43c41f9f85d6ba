using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Templates;

/// <summary>The <c>analysis:</c> step: metric, bounds, limits and the optional baseline comparison.</summary>
internal sealed partial class TemplateReader
{
    private static readonly string[] AnalysisKeys =
        ["metric", "provider", "max", "min", "interval", "count", "failureLimit", "consecutiveFailureLimit", "inconclusiveLimit", "minSampleSize", "baseline"];

    private static readonly string[] BaselineKeys = ["compare", "margin", "alpha", "direction"];

    private static readonly string[] Directions = ["lower-is-better", "higher-is-better"];

    private const string NeedsCondition = "an analysis needs 'max', 'min' or both, or a 'baseline' comparison";

    private AnalysisDefinition? ReadAnalysis(YamlNode node, string path, int line, int column)
    {
        if (IsNull(node))
        {
            Error(node, path, "an analysis needs metric, interval, count and max, min or a baseline comparison");
            return null;
        }
        if (Mapping(node, path, "a mapping with metric, interval, count and max, min or baseline") is not { } map)
        {
            return null;
        }
        var fields = ReadFields(map, path, AnalysisKeys);
        var ok = fields.Entries.Count == map.Children.Count;
        string? Value(string key, FieldSpec spec, bool required)
        {
            var valueNode = required ? Required(fields, key) : fields.Get(key);
            if (valueNode is null || (!required && IsNull(valueNode)))
            {
                ok &= !required;
                return null;
            }
            var value = ReadValue(valueNode, Join(path, key), spec);
            ok &= value is not null;
            return value;
        }
        var metric = Value("metric", FieldSpec.Text, required: true);
        var provider = Value("provider", FieldSpec.Text, required: false);
        var max = Value("max", FieldSpec.Threshold, required: false);
        var min = Value("min", FieldSpec.Threshold, required: false);
        var interval = Value("interval", FieldSpec.Interval, required: true);
        var count = Value("count", FieldSpec.Count, required: true);
        var failureLimit = Value("failureLimit", FieldSpec.FailureLimit, required: false);
        var consecutive = Value("consecutiveFailureLimit", FieldSpec.ConsecutiveFailureLimit, required: false);
        var inconclusive = Value("inconclusiveLimit", FieldSpec.InconclusiveLimit, required: false);
        var minSampleSize = Value("minSampleSize", FieldSpec.MinSampleSize, required: false);
        var (baseline, baselineOk) = fields.Get("baseline") is { } baselineNode ? ReadBaseline(baselineNode, Join(path, "baseline")) : (null, true);
        ok &= baselineOk;
        if (max is null && min is null && baseline is null && fields.Get("max") is null && fields.Get("min") is null && baselineOk)
        {
            Error(map, Join(path, "max"), NeedsCondition);
            ok = false;
        }
        if (max is not null && min is not null
            && ParameterValues.TryParseNumber(max, out var high) && ParameterValues.TryParseNumber(min, out var low) && low > high)
        {
            Error(fields.Get("min")!, Join(path, "min"), $"min ({min}) is above max ({max})");
            ok = false;
        }
        // With a consecutive limit and no total limit, only the run of failures decides.
        var totalLimit = failureLimit ?? (consecutive is not null && count is not null ? count : "0");
        return ok
            ? new AnalysisDefinition(metric!, provider, max, min, interval!, count!, totalLimit, minSampleSize, line, column, consecutive, inconclusive, baseline)
            : null;
    }

    /// <summary>The <c>baseline:</c> mapping; returns no definition (and ok) for <c>compare: false</c>.</summary>
    private (BaselineDefinition? Baseline, bool Ok) ReadBaseline(YamlNode node, string path)
    {
        if (Mapping(node, path, "a mapping such as '{ compare: true, margin: 0.10, alpha: 0.05, direction: lower-is-better }'") is not { } map)
        {
            return (null, false);
        }
        var fields = ReadFields(map, path, BaselineKeys);
        var ok = fields.Entries.Count == map.Children.Count;
        var compare = true;
        if (fields.Get("compare") is { } compareNode && Scalar(compareNode, Join(path, "compare")) is { } compareText)
        {
            if (!bool.TryParse(compareText, out compare) || compareText is not ("true" or "false"))
            {
                Error(compareNode, Join(path, "compare"), $"expected true or false, found '{compareText}'");
                ok = false;
            }
        }
        else if (fields.Get("compare") is not null)
        {
            ok = false;
        }
        string? Number(string key, FieldSpec spec)
        {
            if (fields.Get(key) is not { } valueNode || IsNull(valueNode))
            {
                return null;
            }
            var value = ReadValue(valueNode, Join(path, key), spec);
            ok &= value is not null;
            return value;
        }
        var margin = Number("margin", FieldSpec.Margin);
        var alpha = Number("alpha", FieldSpec.Alpha);
        var direction = MetricDirection.LowerIsBetter;
        if (fields.Get("direction") is { } directionNode && !IsNull(directionNode))
        {
            if (Scalar(directionNode, Join(path, "direction")) is not { } text)
            {
                ok = false;
            }
            else if (Array.IndexOf(Directions, text) is var found and >= 0)
            {
                direction = (MetricDirection)found;
            }
            else
            {
                Error(directionNode, Join(path, "direction"), $"expected one of: {string.Join(", ", Directions)}, found '{text}'");
                ok = false;
            }
        }
        return ok && compare ? (new BaselineDefinition(margin, alpha, direction), true) : (null, ok);
    }
}
