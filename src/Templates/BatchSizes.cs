using System.Globalization;

namespace PortalRelease.Portal.Templates;

/// <summary>A rolling batch size: a percentage of instances (<c>25%</c>) or a count of instances (<c>2</c>).</summary>
internal readonly record struct BatchSize(int Value, bool IsPercent)
{
    /// <summary>
    /// The cumulative percentage of instances replaced after each batch, ending at 100. A count becomes a percentage
    /// of <paramref name="instances"/>, rounded up so no batch is empty.
    /// </summary>
    public IReadOnlyList<int> Weights(int? instances)
    {
        var weights = new List<int>();
        if (IsPercent)
        {
            for (var done = Value; ; done += Value)
            {
                weights.Add(Math.Min(100, done));
                if (done >= 100)
                {
                    return weights;
                }
            }
        }
        var total = Math.Max(1, instances ?? Value);
        for (var replaced = Value; ; replaced += Value)
        {
            var weight = (int)Math.Min(100, Math.Ceiling(replaced * 100.0 / total));
            weights.Add(weight);
            if (replaced >= total)
            {
                return weights;
            }
        }
    }

    public string Describe() => IsPercent ? $"{Value}%" : $"{Value} instance{(Value == 1 ? "" : "s")}";
}

internal static class BatchSizes
{
    public static BatchSize? Parse(string text)
    {
        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        var number = percent ? trimmed[..^1].TrimEnd() : trimmed;
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || (percent && value > 100))
        {
            return null;
        }
        return new BatchSize(value, percent);
    }

    public static string Problem(string text) =>
        $"expected a batch size: a percentage from 1% to 100% such as '25%', or a whole number of instances such as '2'; found '{text}'";
}
