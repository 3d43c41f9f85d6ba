namespace PortalRelease.Portal.Verification;

/// <summary>
/// The outcome of a Mann-Whitney U test of sample X (size <see cref="N1"/>) against sample Y (size <see cref="N2"/>).
/// <see cref="U1"/> counts the pairs in which X's value is the larger (ties count one half); <see cref="U2"/> = n1·n2 − U1.
/// </summary>
/// <param name="N1">Size of X.</param>
/// <param name="N2">Size of Y.</param>
/// <param name="U1">U of X: R1 − n1(n1+1)/2, where R1 is the sum of X's ranks (ties take their average rank).</param>
/// <param name="U2">U of Y.</param>
/// <param name="Z">The standardised U1 (tie-corrected variance, continuity correction towards zero); informative also when the p-values are exact.</param>
/// <param name="PGreater">One-sided p for the alternative "X tends to be larger than Y".</param>
/// <param name="PLess">One-sided p for the alternative "X tends to be smaller than Y".</param>
/// <param name="PTwoSided">Two-sided p: twice the smaller one-sided p, at most 1.</param>
/// <param name="Exact">Whether the p-values come from the exact distribution of U (small samples without ties) rather than the normal approximation.</param>
/// <param name="HasTies">Whether any value occurs more than once across both samples.</param>
/// <param name="RankBiserial">Rank-biserial correlation (U1 − U2)/(n1·n2), from −1 (every X below every Y) to 1 (every X above every Y).</param>
/// <param name="MedianRatio">median(X) ÷ median(Y); null when median(Y) is 0.</param>
public sealed record MannWhitneyResult(
    int N1,
    int N2,
    double U1,
    double U2,
    double Z,
    double PGreater,
    double PLess,
    double PTwoSided,
    bool Exact,
    bool HasTies,
    double RankBiserial,
    double? MedianRatio)
{
    /// <summary>The conventional U statistic: the smaller of U1 and U2.</summary>
    public double U => Math.Min(U1, U2);

    /// <summary>The common-language effect size: the chance that a random X exceeds a random Y (ties count half).</summary>
    public double Superiority => U1 / ((double)N1 * N2);
}
