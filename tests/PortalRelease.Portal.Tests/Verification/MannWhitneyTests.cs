using PortalRelease.Portal.Verification;

namespace PortalRelease.Portal.Tests.Verification;

/// <summary>
/// Mann-Whitney U against values that can be checked without this code: counts of orderings done by hand,
/// published critical-value tables, and the textbook formulas worked through by hand.
/// </summary>
public sealed class MannWhitneyTests
{
    private const double Tight = 1e-9;

    [Fact]
    public void Exact_TwoAgainstThree_MatchesHandEnumeration()
    {
        // The C(5,2) = 10 orderings of two x among three y have U1 = 0, 1, 2, 2, 3, 3, 4, 4, 5, 6 (listed by hand).
        // x = {1, 4}, y = {2, 3, 5}: x = 1 beats no y, x = 4 beats 2 and 3, so U1 = 2.
        var result = MannWhitney.Test([1, 4], [2, 3, 5]);

        Assert.True(result.Exact);
        Assert.Equal(2, result.U1);
        Assert.Equal(4, result.U2);
        Assert.Equal(4 / 10.0, result.PLess, Tight);     // U1 ∈ {0, 1, 2, 2}
        Assert.Equal(8 / 10.0, result.PGreater, Tight);  // U1 ≥ 2: all but {0, 1}
        Assert.Equal(0.8, result.PTwoSided, Tight);
    }

    [Fact]
    public void Exact_CompleteSeparation_IsOneOverTheNumberOfOrderings()
    {
        // Every x above every y is one ordering of C(n1+n2, n1): 1/20 for 3+3, 1/70 for 4+4, 1/252 for 5+5.
        var three = MannWhitney.Test([10, 11, 12], [1, 2, 3]);
        var four = MannWhitney.Test([10, 11, 12, 13], [1, 2, 3, 4]);
        var five = MannWhitney.Test([1, 2, 3, 4, 5], [10, 11, 12, 13, 14]);

        Assert.Equal(9, three.U1);
        Assert.Equal(1 / 20.0, three.PGreater, Tight);
        Assert.Equal(1 / 70.0, four.PGreater, Tight);
        Assert.Equal(2 / 70.0, four.PTwoSided, Tight);
        Assert.Equal(0, five.U1);
        Assert.Equal(1 / 252.0, five.PLess, Tight);
        Assert.Equal(1.0, five.PGreater, Tight);
        Assert.Equal(1.0, three.RankBiserial, Tight);
        Assert.Equal(-1.0, five.RankBiserial, Tight);
        Assert.Equal(11 / 2.0, three.MedianRatio!.Value, Tight);
    }

    [Theory]
    // Critical values of U for a two-sided test at α = 0.05 (one-sided 0.025), equal sample sizes, from the standard
    // table (e.g. Siegel & Castellan, Nonparametric Statistics, table J; Zar, Biostatistical Analysis, table B.11):
    // n = 5 → 2, n = 8 → 13, n = 10 → 23. U ≤ critical is significant: P(U ≤ c) ≤ 0.025 < P(U ≤ c + 1).
    [InlineData(5, 2)]
    [InlineData(8, 13)]
    [InlineData(10, 23)]
    public void Exact_TablesCriticalValues_SitAtTheTwoAndAHalfPercentBoundary(int n, int critical)
    {
        var atCritical = MannWhitney.Test(WithU(n, critical), Ys(n));
        var above = MannWhitney.Test(WithU(n, critical + 1), Ys(n));

        Assert.True(atCritical.Exact);
        Assert.Equal(critical, atCritical.U1);
        Assert.True(atCritical.PLess <= 0.025, $"P(U ≤ {critical}) = {atCritical.PLess}");
        Assert.True(above.PLess > 0.025, $"P(U ≤ {critical + 1}) = {above.PLess}");
    }

    [Fact]
    public void Exact_TenAndTen_MatchesTheCountedDistribution()
    {
        // P(U ≤ 23) for 10 + 10 = 3996 / 184756 orderings (counted by enumerating all C(20,10) orderings).
        var result = MannWhitney.Test(WithU(10, 23), Ys(10));

        Assert.Equal(3996 / 184756.0, result.PLess, 1e-12);
    }

    [Fact]
    public void Normal_TwentyAndTwenty_MatchesTheFormulaWorkedByHand()
    {
        // x = 1..20, y = 10.5..29.5: x_i > y_j exactly when i ≥ j + 10, so U1 = 10 + 9 + … + 1 = 55.
        // E[U] = 20·20/2 = 200; Var[U] = 20·20·41/12 = 1366.67, sd = 36.9685 (no ties).
        // With continuity correction z = (55 − 200 + 0.5)/36.9685 = −3.9087; Φ(−3.9087) = 4.639e-5
        // (standard normal table: Φ(−3.91) ≈ 4.62e-5).
        var x = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        var y = Enumerable.Range(1, 20).Select(j => j + 9.5).ToArray();

        var result = MannWhitney.Test(x, y);

        Assert.False(result.Exact);
        Assert.Equal(55, result.U1);
        Assert.Equal(-3.9087, result.Z, 1e-4);
        Assert.Equal(4.639e-5, result.PLess, 1e-8);
        Assert.Equal(2 * 4.639e-5, result.PTwoSided, 2e-8);
        Assert.Equal((55 - 345) / 400.0, result.RankBiserial, Tight);
    }

    [Fact]
    public void Ties_TakeAverageRanksAndShrinkTheVariance()
    {
        // x = {1, 2, 2, 3}, y = {2, 3, 4, 4}. Pooled ranks: 1 → 1; the three 2s share (2+3+4)/3 = 3; the two 3s
        // share 5.5; the two 4s share 7.5. R1 = 1 + 3 + 3 + 5.5 = 12.5, U1 = 12.5 − 4·5/2 = 2.5, U2 = 13.5.
        // Tie term Σ(t³ − t) = 24 + 6 + 6 = 36; Var = 4·4/12 · (9 − 36/(8·7)) = 11.1429, sd = 3.3381.
        // z = (2.5 − 8 + 0.5)/3.3381 = −1.4979; one-sided Φ(−1.4979) = 0.06708, two-sided 0.13417.
        var result = MannWhitney.Test([1, 2, 2, 3], [2, 3, 4, 4]);

        Assert.True(result.HasTies);
        Assert.False(result.Exact);
        Assert.Equal(2.5, result.U1, Tight);
        Assert.Equal(13.5, result.U2, Tight);
        Assert.Equal(2.5, result.U, Tight);
        Assert.Equal(-1.4979, result.Z, 1e-4);
        Assert.Equal(0.06708, result.PLess, 1e-5);
        Assert.Equal(0.13417, result.PTwoSided, 1e-5);
        Assert.Equal(-11 / 16.0, result.RankBiserial, Tight);
        Assert.Equal(2 / 3.5, result.MedianRatio!.Value, Tight);
    }

    [Fact]
    public void AllValuesEqual_IsNoEvidenceEitherWay()
    {
        var result = MannWhitney.Test([5, 5, 5], [5, 5, 5, 5]);

        Assert.Equal(6, result.U1, Tight);
        Assert.Equal(1, result.PGreater);
        Assert.Equal(1, result.PTwoSided);
        Assert.Equal(0, result.RankBiserial, Tight);
    }

    [Fact]
    public void BadInput_IsRejectedWithTheReason()
    {
        Assert.Contains("at least one value", Assert.Throws<ArgumentException>(() => MannWhitney.Test([], [1])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => MannWhitney.Test([double.NaN], [1])).Message);
    }

    [Fact]
    public void NormalTail_MatchesTheStandardTable()
    {
        // Φ(−1.96) = 0.0250, Φ(−1.645) = 0.0500, Φ(1) = 0.8413 (any standard normal table).
        Assert.Equal(0.0250, NormalDistribution.Cdf(-1.96), 1e-4);
        Assert.Equal(0.0500, NormalDistribution.Cdf(-1.645), 1e-4);
        Assert.Equal(0.8413, NormalDistribution.Cdf(1), 1e-4);
        Assert.Equal(0.0250, NormalDistribution.UpperTail(1.96), 1e-4);
    }

    /// <summary>y = 1..n (even numbers ×2 to leave gaps) and x placed so that exactly <paramref name="u"/> pairs have x above y.</summary>
    private static double[] WithU(int n, int u)
    {
        // x_k sits just above the first b_k values of y, with Σ b_k = u and each b_k ≤ n.
        var xs = new double[n];
        var left = u;
        for (var k = n - 1; k >= 0; k--)
        {
            var beats = Math.Min(n, left);
            left -= beats;
            // Distinct values (no ties), still strictly between y = 2·beats and the next y.
            xs[k] = (2 * beats) + 1 + (k * 0.01);
        }
        return xs;
    }

    private static double[] Ys(int n) => Enumerable.Range(1, n).Select(j => 2.0 * j).ToArray();
}
