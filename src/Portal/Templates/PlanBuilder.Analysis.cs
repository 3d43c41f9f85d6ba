namespace PortalRelease.Portal.Templates;

/// <summary>Compiles an analysis step: bounds, limits and the baseline comparison, each checked after substitution.</summary>
internal sealed partial class PlanBuilder
{
    private AnalysisStep? BuildAnalysis(AnalysisDefinition analysis, string path)
    {
        var ok = TryResolve(analysis.Metric, $"{path}.metric", FieldSpec.Text, out var metric);
        ok &= TryResolveOptional(analysis.Provider, $"{path}.provider", FieldSpec.Text, out var provider);
        ok &= TryResolveOptional(analysis.Max, $"{path}.max", FieldSpec.Threshold, out var max);
        ok &= TryResolveOptional(analysis.Min, $"{path}.min", FieldSpec.Threshold, out var min);
        ok &= TryResolve(analysis.Interval, $"{path}.interval", FieldSpec.Interval, out var interval);
        ok &= TryResolve(analysis.Count, $"{path}.count", FieldSpec.Count, out var count);
        ok &= TryResolveOptional(analysis.FailureLimit, $"{path}.failureLimit", FieldSpec.FailureLimit, out var failureLimit);
        ok &= TryResolveOptional(analysis.ConsecutiveFailureLimit, $"{path}.consecutiveFailureLimit", FieldSpec.ConsecutiveFailureLimit, out var consecutive);
        ok &= TryResolveOptional(analysis.InconclusiveLimit, $"{path}.inconclusiveLimit", FieldSpec.InconclusiveLimit, out var inconclusive);
        ok &= TryResolveOptional(analysis.MinSampleSize, $"{path}.minSampleSize", FieldSpec.MinSampleSize, out var minSampleSize);
        object? margin = null, alpha = null;
        if (analysis.Baseline is { } baseline)
        {
            ok &= TryResolveOptional(baseline.Margin, $"{path}.baseline.margin", FieldSpec.Margin, out margin);
            ok &= TryResolveOptional(baseline.Alpha, $"{path}.baseline.alpha", FieldSpec.Alpha, out alpha);
        }
        if (!ok)
        {
            return null;
        }
        if (max is null && min is null && analysis.Baseline is null)
        {
            _errors.Add(new ParameterError("", $"{path}: an analysis needs max, min or both, or a baseline comparison"));
            return null;
        }
        if (max is double high && min is double low && low > high)
        {
            var source = Source($"{analysis.Min} {analysis.Max}");
            _errors.Add(new ParameterError(source.Parameter, $"{path}: min ({ParameterValues.Format(low)}) is above max ({ParameterValues.Format(high)}){source.Suffix}"));
            return null;
        }
        return new AnalysisStep(
            (string)metric!,
            (string?)provider,
            (double?)max,
            (double?)min,
            (TimeSpan)interval!,
            (int)(long)count!,
            failureLimit is long limit ? (int)limit : 0,
            minSampleSize is long samples ? samples : 0,
            consecutive is long row ? (int)row : null,
            inconclusive is long maxInconclusive ? (int)maxInconclusive : null,
            analysis.Baseline is { } written
                ? new AnalysisBaseline(
                    margin is double m ? m : AnalysisBaseline.DefaultMargin,
                    alpha is double a ? a : AnalysisBaseline.DefaultAlpha,
                    written.Direction)
                : null);
    }
}
