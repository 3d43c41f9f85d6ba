namespace PortalRelease.Portal.Audit;

/// <summary>
/// The audit trail as structured log records for a SIEM: one record per audit-log row and per journal event a person
/// caused, all under the logger category <see cref="Category"/> with event id <see cref="RecordedEventId"/>, each field
/// a named attribute. They leave through the portal's logging, so with <c>Portal:Telemetry:OtlpEndpoint</c> set they
/// are exported as OpenTelemetry logs (after the redaction every log record passes). The database stays the record that
/// proves; this stream is a copy for searching and alerting, and says where the row it copies lives (table and id).
/// </summary>
public sealed partial class AuditStream(ILoggerFactory loggers)
{
    public const string Category = "PortalRelease.Audit";
    public const int RecordedEventId = 7001;

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    /// <summary>A row just appended to <c>audit_log</c>.</summary>
    public void Recorded(long rowId, AuditRow row) =>
        Log(_logger, "audit_log", rowId.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Action, row.ResourceKind, row.ResourceId,
            row.ActorId, row.ActorName, row.AuthMethod, row.Address, row.Outcome, row.At, row.Details);

    /// <summary>A journal event a person caused (a release started, paused, approved, overridden…).</summary>
    public void Journaled(string releaseId, long seq, string action, string actorId, string? actorName, DateTimeOffset at, string details) =>
        Log(_logger, "journal", $"{releaseId}#{seq}", action, "release", releaseId,
            actorId, actorName ?? actorId, null, null, AuditOutcomes.Ok, Data.DbTime.Format(at), details);

    [LoggerMessage(
        EventId = RecordedEventId,
        EventName = "AuditRecorded",
        Level = LogLevel.Information,
        Message = "Audit {AuditAction} {ResourceKind} {ResourceId} by {ActorId} ({AuthMethod}) from {ClientAddress}: {Outcome} [{AuditTable} {AuditRow}]")]
    private static partial void Log(
        ILogger logger, string auditTable, string auditRow, string auditAction, string resourceKind, string resourceId,
        string actorId, string actorName, string? authMethod, string? clientAddress, string outcome, string auditAt, string details);
}
