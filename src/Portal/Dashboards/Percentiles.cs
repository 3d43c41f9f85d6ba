namespace PortalRelease.Portal.Dashboards;

/// <summary>The two summaries the dashboards use, defined so a person can check them by hand.</summary>
public static class Percentiles
{
    /// <summary>The middle value; with an even count, the mean of the two middle values. Null when empty.</summary>
    public static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>Nearest rank: the value at position ⌈p·n⌉ (1-based) of the sorted values. Null when empty.</summary>
    public static double? NearestRank(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        var rank = (int)Math.Ceiling(p * values.Count);
        return values[Math.Clamp(rank, 1, values.Count) - 1];
    }
}
