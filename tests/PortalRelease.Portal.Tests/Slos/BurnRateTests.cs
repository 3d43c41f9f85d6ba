using PortalRelease.Portal.Slos;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Slos;

public sealed class BurnRateTests
{
    private static readonly SloDefinition Availability =
        new("availability", 0.999, TimeSpan.FromDays(30), null, "requests-good", "requests-total", BurnRatePolicy.Default);

    [Theory]
    // 10 bad of 10 000 at 99.9 %: exactly the sustainable rate, the whole budget used.
    [InlineData(9_990, 10_000, 0.999, 0.001, 1.0, 0.0)]
    // 50 bad of 10 000 at 99 %: half the budget.
    [InlineData(9_950, 10_000, 0.99, 0.005, 0.5, 0.5)]
    // 41 bad of 10 000 at 99.9 %: 4.1 times too fast.
    [InlineData(9_959, 10_000, 0.999, 0.0041, 4.1, -3.1)]
    // 112 bad of 10 000 at 99 %: 12 % over budget.
    [InlineData(9_888, 10_000, 0.99, 0.0112, 1.12, -0.12)]
    // No errors: no burn, the whole budget left.
    [InlineData(500, 500, 0.95, 0.0, 0.0, 1.0)]
    public void Burn_And_Budget_MatchHandComputedValues(double good, double total, double objective, double errorRatio, double burn, double remaining)
    {
        var ratio = BurnRate.ErrorRatio(good, total)!.Value;

        Assert.Equal(errorRatio, ratio, 9);
        Assert.Equal(burn, BurnRate.Of(ratio, objective), 9);
        Assert.Equal(remaining, BurnRate.BudgetRemaining(ratio, objective), 9);
    }

    [Fact]
    public void ErrorRatio_NothingCounted_IsNull()
    {
        Assert.Null(BurnRate.ErrorRatio(0, 0));
        Assert.Null(new SliCounts(0, 0).Sli);
    }

    [Fact]
    public void Counts_AddAcrossTargets_BeforeTheRatio()
    {
        // 1 % errors on a busy target and 50 % on a quiet one: 1 % of 9 900 + 50 % of 100 = 149 of 10 000.
        var counts = new SliCounts(9_801, 9_900) + new SliCounts(50, 100);

        Assert.Equal(0.0149, counts.ErrorRatio!.Value, 9);
        Assert.Equal(0.9851, counts.Sli!.Value, 9);
    }

    [Fact]
    public void Texts_SayTheNumbers()
    {
        Assert.Equal("paused: availability burn rate 4.1× over 1h exceeds 2×", SloText.Paused(Availability, 4.1234));
        Assert.Equal("frozen: error budget of checkout spent (\u221212 %)", SloText.Frozen("checkout", BurnRate.BudgetRemaining(0.0112, 0.99)));
        Assert.Equal("30d", SloText.Window(TimeSpan.FromDays(30)));
        Assert.Equal("1h30m", SloText.Window(TimeSpan.FromMinutes(90)));
    }

    /// <summary>99.9 % over 30 days; pause above 14.4× over 1h, or when 6h and 1h both burn above 6×.</summary>
    private static readonly SloDefinition Multiwindow = Availability with
    {
        BurnRate = new BurnRatePolicy(TimeSpan.FromHours(1), TimeSpan.FromHours(6), 14.4, 6),
    };

    [Theory]
    // 1h: 150 bad of 10 000 = 1.5 % = 15× (above 14.4): the fast rule, whatever the long window says.
    [InlineData(9_850, 10_000, 59_900, 60_000, "paused: availability burn rate 15× over 1h exceeds 14.4×")]
    // 1h: 80 bad of 10 000 = 8×; 6h: 420 bad of 60 000 = 0.7 % = 7×: both above 6×, the slow rule, both numbers.
    [InlineData(9_920, 10_000, 59_580, 60_000, "paused: availability burn rate 7× over 6h and 8× over 1h exceed 6×")]
    // 1h: 8×, but 6h: 300 bad of 60 000 = 0.5 % = 5×: the burn has not lasted, no pause.
    [InlineData(9_920, 10_000, 59_700, 60_000, null)]
    // 6h: 480 bad of 60 000 = 8×, but 1h: 30 bad of 10 000 = 3×: the burn has stopped, no pause.
    [InlineData(9_970, 10_000, 59_520, 60_000, null)]
    public void Multiwindow_PausesWhenBothWindowsBurnAboveTheLongLimit(double shortGood, double shortTotal, double longGood, double longTotal, string? reason)
    {
        var shortBurn = BurnRate.Of(BurnRate.ErrorRatio(shortGood, shortTotal)!.Value, Multiwindow.Objective);
        var longBurn = BurnRate.Of(BurnRate.ErrorRatio(longGood, longTotal)!.Value, Multiwindow.Objective);

        Assert.Equal(reason, BurnRules.PauseReason(Multiwindow, shortBurn, longBurn));
    }

    [Fact]
    public void DefaultPolicy_ReadsOnlyTheShortWindow()
    {
        // 1h at 1.9× does not pause under the default 2×, however long the burn has lasted; 2.1× does.
        Assert.Null(BurnRules.PauseReason(Availability, 1.9, 50));
        Assert.Equal("paused: availability burn rate 2.1× over 1h exceeds 2×", BurnRules.PauseReason(Availability, 2.1, null));
        Assert.Null(BurnRules.PauseReason(Multiwindow, null, 50));
        // "Above" is strict on both rules.
        Assert.Null(BurnRules.PauseReason(Multiwindow, 6, 6));
        Assert.Null(BurnRules.PauseReason(Availability, 2, null));
    }

    [Fact]
    public void State_FollowsBudgetThenBurn()
    {
        SloStatus Status(double? remaining, double? shortBurn, string? error = null) =>
            new("checkout", Availability, ["sandbox-eu"], 0.999, shortBurn, shortBurn, remaining, error);

        Assert.Equal(SloStates.Ok, Status(0.8, 1.5).State);
        Assert.Equal(SloStates.Burning, (Status(0.8, 7) with { Slo = Multiwindow }).State);
        Assert.Equal(SloStates.Burning, Status(0.8, 2.5).State);
        Assert.Equal(SloStates.Exhausted, Status(-0.12, 2.5).State);
        Assert.True(Status(0, 0).IsSpent);
        Assert.Equal(SloStates.NoData, Status(null, null).State);
        Assert.Equal(SloStates.Error, Status(null, null, "no source").State);
    }
}
