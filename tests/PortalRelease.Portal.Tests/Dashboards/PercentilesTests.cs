using PortalRelease.Portal.Dashboards;

namespace PortalRelease.Portal.Tests.Dashboards;

/// <summary>The median and nearest-rank p90 select ranks instead of sorting; they must equal reading them off the sorted values.</summary>
public sealed class PercentilesTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 10)]
    [InlineData(17, 5)]
    [InlineData(18, 1000)]
    [InlineData(1_001, 3)]
    [InlineData(5_000, 1_000_000)]
    [InlineData(40_000, 50)]
    public void SelectedRanks_EqualTheSortedValues(int count, int distinct)
    {
        var random = new Random(count);
        foreach (var shape in new Func<int, double>[] { _ => random.Next(distinct) / 4.0, i => i % distinct, i => count - i, _ => 7 })
        {
            var values = Enumerable.Range(0, count).Select(shape).ToList();
            var sorted = values.Order().ToList();
            var mid = count / 2;
            var median = count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;

            Assert.Equal(median, Percentiles.Median([.. values]));
            foreach (var p in new[] { 0.5, 0.9, 0.95, 0.99, 1.0 })
            {
                Assert.Equal(sorted[Math.Clamp((int)Math.Ceiling(p * count), 1, count) - 1], Percentiles.NearestRank([.. values], p));
            }
            // Both on the same list, as the dashboard does: the median's reordering does not change the p90.
            Assert.Equal(median, Percentiles.Median(values));
            Assert.Equal(sorted[Math.Clamp((int)Math.Ceiling(0.9 * count), 1, count) - 1], Percentiles.NearestRank(values, 0.9));
        }
    }

    [Fact]
    public void Empty_HasNoValue()
    {
        Assert.Null(Percentiles.Median([]));
        Assert.Null(Percentiles.NearestRank([], 0.9));
    }
}
