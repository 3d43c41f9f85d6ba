using System.Globalization;

namespace PortalRelease.Portal.Verification;

/// <summary>Numbers in explanations: the same wording on the release page, in the journal and in verdicts.</summary>
public static class EvidenceText
{
    /// <summary>A metric's value with its unit when the name tells it (latencies are milliseconds).</summary>
    public static string Value(string metric, double value)
    {
        if (metric.Contains("latency", StringComparison.OrdinalIgnoreCase) || metric.EndsWith("-ms", StringComparison.OrdinalIgnoreCase))
        {
            return value.ToString(Math.Abs(value) >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture) + " ms";
        }
        return Number(value);
    }

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>"p = 0.003", or "p < 0.001" below that (more digits would claim a precision the data lacks).</summary>
    public static string P(double p) =>
        p < 0.001 ? "p < 0.001" : "p = " + p.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A ratio as a factor: "×2.31".</summary>
    public static string Ratio(double ratio) => "×" + ratio.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>"1 failure" / "3 failures".</summary>
    public static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
