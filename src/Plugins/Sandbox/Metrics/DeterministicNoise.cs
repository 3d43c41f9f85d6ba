namespace PortalRelease.Plugins.Sandbox.Metrics;

/// <summary>
/// Pseudo-random numbers that depend only on their inputs, so the same query always gives the same answer,
/// across calls, restarts and machines (string.GetHashCode is randomised per process, so it is not used).
/// </summary>
internal static class DeterministicNoise
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;
    private const ulong Golden = 0x9E3779B97F4A7C15;

    /// <summary>A stable 64-bit seed for a sequence of strings (FNV-1a over their UTF-16 code units, with separators).</summary>
    public static ulong Seed(params ReadOnlySpan<string?> parts)
    {
        var hash = FnvOffset;
        foreach (var part in parts)
        {
            foreach (var c in part ?? "\u0000null")
            {
                hash = (hash ^ c) * FnvPrime;
            }

            hash = (hash ^ 0x1F) * FnvPrime;
        }

        return hash;
    }

    /// <summary>A uniform number in [0, 1) for one second of one channel (rate, errors, latency…) of a seed.</summary>
    public static double Unit(ulong seed, long second, ulong channel)
    {
        var mixed = Mix(seed ^ Mix(unchecked((ulong)second) + (channel * Golden)));
        return (mixed >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A number in [-1, 1] with a triangular distribution (mean 0, most mass near 0), like summed noise.</summary>
    public static double Symmetric(ulong seed, long second, ulong channel) =>
        Unit(seed, second, channel * 2) + Unit(seed, second, (channel * 2) + 1) - 1;

    // SplitMix64's finaliser: spreads every input bit over the output.
    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += Golden;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
