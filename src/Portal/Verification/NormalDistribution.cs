namespace PortalRelease.Portal.Verification;

/// <summary>The standard normal distribution's tail areas (.NET has no erf).</summary>
public static class NormalDistribution
{
    /// <summary>P(Z ≤ z) for a standard normal Z.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>P(Z ≥ z) for a standard normal Z, accurate in the far tail too (no 1 − Cdf cancellation).</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>
    /// The complementary error function by the Chebyshev fit of Press et al., Numerical Recipes in C (2nd ed., §6.2,
    /// erfcc): fractional error below 1.2e-7 everywhere, far finer than any decision threshold needs.
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        // Horner evaluation of the fit's polynomial in t, innermost coefficient first.
        double[] coefficients = [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];
        var poly = 0.0;
        foreach (var c in coefficients)
        {
            poly = (poly * t) + c;
        }
        var ans = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? ans : 2.0 - ans;
    }
}
