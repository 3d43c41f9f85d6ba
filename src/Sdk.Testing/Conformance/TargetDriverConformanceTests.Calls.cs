using Xunit;
using Xunit.Sdk;

namespace PortalRelease.Sdk.Testing.Conformance;

public abstract partial class TargetDriverConformanceTests
{
    /// <summary>Applies a version through the driver, failing the test if the call outlives <see cref="CallTimeout"/>.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="version">The version.</param>
    /// <param name="cohort">The cohort.</param>
    /// <param name="weight">The weight.</param>
    /// <param name="cancellationToken">The token passed to the driver.</param>
    protected Task<ApplyResult> ApplyAsync(string key, string version, string cohort, int weight, CancellationToken cancellationToken = default) =>
        Bounded($"ApplyAsync({cohort} {version} at {weight}%)", Driver.ApplyAsync(
            Target,
            new ApplyRequest { ReleaseId = "conformance-release", Version = version, Cohort = cohort, Weight = weight, IdempotencyKey = key },
            cancellationToken));

    /// <summary>Rolls back through the driver, failing the test if the call outlives <see cref="CallTimeout"/>.</summary>
    /// <param name="key">The idempotency key.</param>
    /// <param name="fromVersion">The version being removed.</param>
    /// <param name="toVersion">The version to return to.</param>
    /// <param name="cancellationToken">The token passed to the driver.</param>
    protected Task<ApplyResult> RollbackAsync(string key, string fromVersion, string? toVersion, CancellationToken cancellationToken = default) =>
        Bounded($"RollbackAsync({fromVersion} to {toVersion ?? "(none)"})", Driver.RollbackAsync(
            Target,
            new RollbackRequest { ReleaseId = "conformance-release", FromVersion = fromVersion, ToVersion = toVersion, IdempotencyKey = key },
            cancellationToken));

    /// <summary>Reads the status through the driver, failing the test if the call outlives <see cref="CallTimeout"/>.</summary>
    /// <param name="cancellationToken">The token passed to the driver.</param>
    protected Task<TargetStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        Bounded("GetStatusAsync", Driver.GetStatusAsync(Target, cancellationToken));

    /// <summary>Brings the target to <see cref="PreviousVersion"/> on stable, the starting point of most tests.</summary>
    protected async Task<TargetStatus> EstablishStableAsync()
    {
        var result = await ApplyAsync(Key("stable"), PreviousVersion, Cohorts.Stable, 100);
        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        return await StatusAsync();
    }

    private async Task<T> Bounded<T>(string call, Task<T> task)
    {
        var finished = await Task.WhenAny(task, Task.Delay(CallTimeout));
        if (finished != task)
        {
            throw new XunitException($"{Driver.GetType().Name}.{call} did not complete within {CallTimeout.TotalSeconds:0.###} s: a driver call must end (or fail) within a bound.");
        }

        return await task;
    }

    private static (string? Stable, string? Canary, int Weight) Routing(TargetStatus status) =>
        (status.StableVersion, status.CanaryVersion is null || status.CanaryWeight == 0 ? null : status.CanaryVersion, status.CanaryVersion is null ? 0 : status.CanaryWeight);

    private static async Task AssertFailsAsDriverOrCancelled(Func<Task> call, string what)
    {
        var ex = await Record.ExceptionAsync(call);
        if (ex is null)
        {
            throw new XunitException($"{what} with a cancelled token completed; it must throw OperationCanceledException or DriverException.");
        }

        if (ex is not (OperationCanceledException or DriverException))
        {
            throw new XunitException($"{what} with a cancelled token threw {ex.GetType().Name} ({ex.Message}); expected OperationCanceledException or DriverException.");
        }
    }
}
