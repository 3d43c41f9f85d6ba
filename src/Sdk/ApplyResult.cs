namespace PortalRelease.Sdk;

/// <summary>How an apply or rollback ended when it did not throw.</summary>
public enum ApplyOutcome
{
    /// <summary>The change was made by this call.</summary>
    Applied = 0,

    /// <summary>The idempotency key had been applied before; nothing was changed.</summary>
    AlreadyApplied = 1,
}

/// <summary>The result of <see cref="ITargetDriver.ApplyAsync"/> or <see cref="ITargetDriver.RollbackAsync"/>.</summary>
public sealed class ApplyResult
{
    /// <summary>Whether the change was made now or had been made before.</summary>
    public required ApplyOutcome Outcome { get; init; }

    /// <summary>A short human description of what happened, shown in the release timeline.</summary>
    public string? Detail { get; init; }

    /// <summary>Creates a result for a change made by this call.</summary>
    /// <param name="detail">What was done.</param>
    public static ApplyResult Applied(string? detail = null) => new() { Outcome = ApplyOutcome.Applied, Detail = detail };

    /// <summary>Creates a result for a key that had been applied before.</summary>
    /// <param name="detail">What had been done.</param>
    public static ApplyResult AlreadyApplied(string? detail = null) => new() { Outcome = ApplyOutcome.AlreadyApplied, Detail = detail };
}
