namespace PortalRelease.Sdk;

/// <summary>What an apply would do, as returned by <see cref="IDryRunDriver.PlanAsync"/>.</summary>
public sealed class DryRunPlan
{
    /// <summary>The steps in the order the apply would run them; empty when it would change nothing.</summary>
    public required IReadOnlyList<DryRunStep> Steps { get; init; }

    /// <summary>One sentence about the whole plan, e.g. "Expand to 1.4.0: 2 migrations pending."</summary>
    public string? Summary { get; init; }
}

/// <summary>One step of a <see cref="DryRunPlan"/>.</summary>
public sealed class DryRunStep
{
    /// <summary>What the step does, in a line, e.g. "Run expand migration 1.4.0/0001_add_email.expand.sql".</summary>
    public required string Title { get; init; }

    /// <summary>The step's full text when it has one (a SQL script, a manifest), shown verbatim; otherwise null.</summary>
    public string? Text { get; init; }
}
