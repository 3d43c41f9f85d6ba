using System.Runtime.InteropServices;

namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// The two summaries the dashboards use, defined so a person can check them by hand. Both only need the values at
/// one or two ranks, so they select those ranks (Hoare's selection, linear on average) instead of sorting every
/// value: a quarter of a large team is tens of thousands of lead times, summarised overall, per week and per row.
/// The values are reordered in place.
/// </summary>
public static class Percentiles
{
    /// <summary>The middle value; with an even count, the mean of the two middle values. Null when empty.</summary>
    public static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var span = CollectionsMarshal.AsSpan(values);
        var mid = span.Length / 2;
        var upper = Select(span, mid);
        if (span.Length % 2 == 1)
        {
            return upper;
        }
        // After selecting rank mid, every value before it is at most values[mid]: the lower middle is the largest of them.
        var lower = double.MinValue;
        foreach (var value in span[..mid])
        {
            lower = Math.Max(lower, value);
        }
        return (lower + upper) / 2;
    }

    /// <summary>Nearest rank: the value at position ⌈p·n⌉ (1-based) of the sorted values. Null when empty.</summary>
    public static double? NearestRank(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var rank = (int)Math.Ceiling(p * values.Count);
        return Select(CollectionsMarshal.AsSpan(values), Math.Clamp(rank, 1, values.Count) - 1);
    }

    /// <summary>
    /// The value of 0-based rank <paramref name="k"/> in sorted order, leaving every value before position k at most it
    /// and every value after it at least it.
    /// </summary>
    private static double Select(Span<double> values, int k)
    {
        var left = 0;
        var right = values.Length - 1;
        while (right - left > 16)
        {
            var pivot = MedianOfThree(values[left], values[left + (right - left) / 2], values[right]);
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }
                while (values[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            // Now [left, j] ≤ pivot ≤ [i, right], and anything strictly between j and i equals the pivot.
            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }
        values[left..(right + 1)].Sort();
        return values[k];
    }

    private static double MedianOfThree(double a, double b, double c) =>
        a < b ? (b < c ? b : Math.Max(a, c)) : (a < c ? a : Math.Max(b, c));
}
