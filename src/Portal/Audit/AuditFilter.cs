namespace PortalRelease.Portal.Audit;

/// <summary>
/// Which audit entries to read; every part left null selects all. <see cref="From"/> is inclusive, <see cref="To"/>
/// exclusive. The API, the export and the Audit page all parse their filters into this one shape
/// (<see cref="AuditFilterParser"/>), so a filtered view and its export select the same rows.
/// </summary>
public sealed record AuditFilter
{
    public static readonly AuditFilter All = new();

    /// <summary>Matches the actor's id or display name.</summary>
    public AuditMatch? Actor { get; init; }

    public AuditMatch? Action { get; init; }

    public string? ResourceKind { get; init; }

    public string? ResourceId { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Outcome { get; init; }
}

/// <summary>How a text filter compares: the whole value, a prefix (<c>al*</c>, <c>release.</c>), or an action family
/// (<c>target</c>: <c>target</c> itself and every <c>target.*</c> action).</summary>
public enum AuditMatchKind
{
    Exact,
    Prefix,
    Family,
}

public sealed record AuditMatch(string Value, AuditMatchKind Kind)
{
    public static AuditMatch Exact(string value) => new(value, AuditMatchKind.Exact);

    public static AuditMatch Prefix(string value) => new(value, AuditMatchKind.Prefix);

    /// <summary>The value as a person types it back into a filter field.</summary>
    public override string ToString() => Kind == AuditMatchKind.Prefix && !Value.EndsWith('.') ? Value + "*" : Value;
}

/// <summary>One page of entries, newest first; <see cref="Next"/> is what to pass as <c>before</c> for the next page,
/// null on the last page.</summary>
public sealed record AuditEntryPage(IReadOnlyList<AuditRecord> Entries, long? Next);
