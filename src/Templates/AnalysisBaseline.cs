using System.Globalization;

namespace PortalRelease.Portal.Templates;

/// <summary>Which way a metric gets worse: latency and error rate are lower-is-better, throughput higher-is-better.</summary>
public enum MetricDirection
{
    LowerIsBetter,
    HigherIsBetter,
}

/// <summary>
/// A baseline-versus-canary comparison: each round, the canary's points are tested (Mann-Whitney U, one-sided at
/// <see cref="Alpha"/>) against the baseline's scaled by the tolerated <see cref="Margin"/>; the canary fails the
/// round when it is significantly worse than that.
/// </summary>
public sealed record AnalysisBaseline(double Margin, double Alpha, MetricDirection Direction)
{
    public const double DefaultMargin = 0.10;
    public const double DefaultAlpha = 0.05;

    /// <summary>Fewer points than this in either cohort make a round inconclusive: U cannot reach significance on less.</summary>
    public const int MinPoints = 5;

    /// <summary>The factor the baseline's values are scaled by before the test: 1 + margin, or 1 − margin for higher-is-better.</summary>
    public double ScaleFactor() => Direction == MetricDirection.LowerIsBetter ? 1 + Margin : 1 - Margin;

    /// <summary>"≤ baseline +10%" (lower-is-better) or "≥ baseline −10%" (higher-is-better).</summary>
    public string Describe()
    {
        var percent = (Margin * 100).ToString("0.##", CultureInfo.InvariantCulture);
        return Direction == MetricDirection.LowerIsBetter ? $"≤ baseline +{percent}%" : $"≥ baseline −{percent}%";
    }

    public static string DirectionName(MetricDirection direction) =>
        direction == MetricDirection.LowerIsBetter ? "lower-is-better" : "higher-is-better";
}

/// <summary>The <c>baseline:</c> mapping of an analysis step as written; margin and alpha may be placeholders.</summary>
public sealed record BaselineDefinition(string? Margin, string? Alpha, MetricDirection Direction);
