namespace PortalRelease.Portal.Slos;

/// <summary>Good and total events counted over one window, summed over the service's targets and cohorts.</summary>
public readonly record struct SliCounts(double Good, double Total)
{
    /// <summary>good ÷ total; null when nothing was counted.</summary>
    public double? Sli => Total > 0 ? Math.Clamp(Good / Total, 0, 1) : null;

    public double? ErrorRatio => BurnRate.ErrorRatio(Good, Total);

    public static SliCounts operator +(SliCounts a, SliCounts b) => new(a.Good + b.Good, a.Total + b.Total);
}
