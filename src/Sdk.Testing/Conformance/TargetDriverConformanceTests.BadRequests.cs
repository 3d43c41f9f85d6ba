using Xunit;

namespace PortalRelease.Sdk.Testing.Conformance;

public abstract partial class TargetDriverConformanceTests
{
    /// <summary>A weight outside 0–100 is a <see cref="DriverException"/> and changes nothing.</summary>
    /// <param name="weight">The out-of-range weight.</param>
    [Theory]
    [InlineData(150)]
    [InlineData(-1)]
    public async Task A_weight_out_of_range_is_a_driver_exception_and_changes_nothing(int weight)
    {
        var before = await EstablishStableAsync();
        var external = await CaptureExternalStateAsync();

        await Assert.ThrowsAsync<DriverException>(() => ApplyAsync(Key("bad-weight"), NextVersion, Cohorts.Canary, weight));

        Assert.Equal(Routing(before), Routing(await StatusAsync()));
        Assert.Equal(external, await CaptureExternalStateAsync());
    }

    /// <summary>An unknown cohort is a <see cref="DriverException"/> and changes nothing.</summary>
    [Fact]
    public async Task An_unknown_cohort_is_a_driver_exception_and_changes_nothing()
    {
        var before = await EstablishStableAsync();
        var external = await CaptureExternalStateAsync();

        await Assert.ThrowsAsync<DriverException>(() => ApplyAsync(Key("bad-cohort"), NextVersion, "purple", 10));

        Assert.Equal(Routing(before), Routing(await StatusAsync()));
        Assert.Equal(external, await CaptureExternalStateAsync());
    }
}
