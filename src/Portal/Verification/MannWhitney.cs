namespace PortalRelease.Portal.Verification;

/// <summary>
/// The Mann-Whitney U (Wilcoxon rank-sum) test: whether one sample tends to take larger values than another,
/// without assuming any distribution. Tied values take their average rank. Small samples without ties get exact
/// p-values from the distribution of U; otherwise the normal approximation with the tie-corrected variance and a
/// continuity correction is used.
/// </summary>
public static class MannWhitney
{
    /// <summary>The largest sample size (each) for which the exact distribution is used.</summary>
    public const int ExactLimit = 10;

    /// <summary>Tests <paramref name="x"/> against <paramref name="y"/>; both need at least one value, all finite.</summary>
    public static MannWhitneyResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || y.Count == 0)
        {
            throw new ArgumentException($"Both samples need at least one value (sizes {x.Count} and {y.Count}).");
        }
        if (x.Concat(y).Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("Samples must hold finite numbers only.");
        }
        int n1 = x.Count, n2 = y.Count;
        var (rankSum, tieTerm) = RankSumOfFirst(x, y);
        var u1 = rankSum - (n1 * (n1 + 1) / 2.0);
        var pairs = (double)n1 * n2;
        var u2 = pairs - u1;
        var hasTies = tieTerm > 0;

        var n = n1 + n2;
        var mean = pairs / 2;
        var variance = pairs / 12 * (n + 1 - (tieTerm / ((double)n * (n - 1))));
        var sd = Math.Sqrt(Math.Max(variance, 0));
        var deviation = u1 - mean;
        // Continuity correction: U moves in steps of (at least) one half; shift half a step towards the mean.
        var z = sd == 0 ? 0 : Math.Sign(deviation) * Math.Max(0, Math.Abs(deviation) - 0.5) / sd;

        double greater, less;
        var exact = !hasTies && n1 <= ExactLimit && n2 <= ExactLimit;
        if (exact)
        {
            (greater, less) = ExactUDistribution.Tails(n1, n2, (int)Math.Round(u1));
        }
        else if (sd == 0)
        {
            // Every value equal: nothing tells the samples apart.
            (greater, less) = (1, 1);
        }
        else
        {
            greater = NormalDistribution.UpperTail((deviation - 0.5) / sd);
            less = NormalDistribution.Cdf((deviation + 0.5) / sd);
        }
        var twoSided = Math.Min(1, 2 * Math.Min(greater, less));
        var medianY = Median(y);
        return new MannWhitneyResult(
            n1, n2, u1, u2, z, Math.Min(1, greater), Math.Min(1, less), twoSided, exact, hasTies,
            (u1 - u2) / pairs,
            medianY == 0 ? null : Median(x) / medianY);
    }

    /// <summary>The median: the middle value, or the mean of the two middle values.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("The median of no values is undefined.", nameof(values));
        }
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The sum of the first sample's ranks in the pooled sample (ties averaged) and Σ(t³ − t) over tie groups.</summary>
    private static (double RankSum, double TieTerm) RankSumOfFirst(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var pooled = new (double Value, bool First)[x.Count + y.Count];
        for (var i = 0; i < x.Count; i++)
        {
            pooled[i] = (x[i], true);
        }
        for (var j = 0; j < y.Count; j++)
        {
            pooled[x.Count + j] = (y[j], false);
        }
        Array.Sort(pooled, (a, b) => a.Value.CompareTo(b.Value));
        double rankSum = 0, tieTerm = 0;
        for (var start = 0; start < pooled.Length;)
        {
            var end = start;
            while (end + 1 < pooled.Length && pooled[end + 1].Value == pooled[start].Value)
            {
                end++;
            }
            // Positions start..end (0-based) share the average of ranks start+1..end+1.
            var rank = (start + end + 2) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (pooled[k].First)
                {
                    rankSum += rank;
                }
            }
            double t = end - start + 1;
            tieTerm += (t * t * t) - t;
            start = end + 1;
        }
        return (rankSum, tieTerm);
    }
}
