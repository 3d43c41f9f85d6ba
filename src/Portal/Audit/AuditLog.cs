using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Audit;

/// <summary>
/// Records who changed what outside a release's journal. Services call it after a change is saved; an entry that
/// cannot be written fails the call (the change stands, the caller learns the record is missing) rather than vanish.
/// </summary>
public sealed class AuditLog(AuditLogRepository repository, TimeProvider time, AuditStream stream)
{
    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        // A secret value the portal knows never reaches the log, even when a caller put one in the details by mistake.
        var details = KnownSecrets.Redact(entry.Details?.ToJsonString(AuditJson) ?? "{}");
        var row = new AuditRow(
            DbTime.Format(time.GetUtcNow()), entry.Actor.Id, entry.Actor.Name, entry.Actor.Method, entry.Actor.Address,
            entry.Action, entry.ResourceKind, entry.ResourceId, entry.Outcome, details);
        // Not cancelled with the request: the change it records is already saved, and its record must not be lost.
        var id = await repository.AppendAsync(row, CancellationToken.None);
        stream.Recorded(id, row);
        return id;
    }

    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web);
}
