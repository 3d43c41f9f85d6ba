using System.Collections.Concurrent;

namespace PortalRelease.Portal.Verification;

/// <summary>
/// The exact null distribution of U for sample sizes m and n without ties: every one of the C(m+n, m) orderings of
/// the pooled sample is equally likely. The number of orderings with U = u follows the recurrence
/// c(m, n, u) = c(m−1, n, u−n) + c(m, n−1, u) (is the largest value from the first sample or the second?).
/// </summary>
internal static class ExactUDistribution
{
    private static readonly ConcurrentDictionary<(int M, int N), double[]> Cache = new();

    /// <summary>P(U ≥ u) and P(U ≤ u) for the first sample's U.</summary>
    public static (double Greater, double Less) Tails(int m, int n, int u)
    {
        var counts = Cache.GetOrAdd((m, n), key => Counts(key.M, key.N));
        var total = counts.Sum();
        double atLeast = 0, atMost = 0;
        for (var k = 0; k < counts.Length; k++)
        {
            if (k >= u)
            {
                atLeast += counts[k];
            }
            if (k <= u)
            {
                atMost += counts[k];
            }
        }
        return (atLeast / total, atMost / total);
    }

    /// <summary>counts[u] = the number of orderings of m first-sample and n second-sample values with U = u.</summary>
    public static double[] Counts(int m, int n)
    {
        // table[i][j] holds the distribution for sizes (i, j); built up from the empty samples.
        var table = new double[m + 1][][];
        for (var i = 0; i <= m; i++)
        {
            table[i] = new double[n + 1][];
            for (var j = 0; j <= n; j++)
            {
                var counts = new double[(i * j) + 1];
                if (i == 0 || j == 0)
                {
                    counts[0] = 1;
                }
                else
                {
                    // Largest value from the first sample: it beats all j values of the second.
                    var fromFirst = table[i - 1][j];
                    for (var u = 0; u < fromFirst.Length; u++)
                    {
                        counts[u + j] += fromFirst[u];
                    }
                    var fromSecond = table[i][j - 1];
                    for (var u = 0; u < fromSecond.Length; u++)
                    {
                        counts[u] += fromSecond[u];
                    }
                }
                table[i][j] = counts;
            }
        }
        return table[m][n];
    }
}
