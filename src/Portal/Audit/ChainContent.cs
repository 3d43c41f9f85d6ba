namespace PortalRelease.Portal.Audit;

/// <summary>
/// What each chained table hashes, field by field, in one place: the journal writer, the migration that chains rows
/// written before the chain existed, and the verifier must agree byte for byte.
/// </summary>
public static class ChainContent
{
    public const string JournalTag = "portal.journal.v1";

    public const string AuditTag = "portal.audit.v1";

    /// <summary>
    /// A journal row's hash. The actor's display name came later (migration 0015) and goes last, only when present: a
    /// row without one hashes exactly as rows did before, so the rows chained then still verify, and one with a name
    /// cannot pass for one without (the field count differs, every field is length-prefixed).
    /// </summary>
    public static void Journal(
        CanonicalHasher hasher, ReadOnlySpan<byte> previousHash, string releaseId, long seq, string at, string type, string? actor, string data, string? actorName, Span<byte> hash)
    {
        hasher.Begin(JournalTag, previousHash)
            .Text(releaseId).Integer(seq).Text(at).Text(type).Text(actor).Text(data);
        if (actorName is not null)
        {
            hasher.Text(actorName);
        }
        hasher.HashInto(hash);
    }

    public static void Audit(CanonicalHasher hasher, ReadOnlySpan<byte> previousHash, AuditRow row, Span<byte> hash) =>
        hasher.Begin(AuditTag, previousHash)
            .Text(row.At).Text(row.ActorId).Text(row.ActorName).Text(row.AuthMethod).Text(row.Address)
            .Text(row.Action).Text(row.ResourceKind).Text(row.ResourceId).Text(row.Outcome).Text(row.Details)
            .HashInto(hash);
}
