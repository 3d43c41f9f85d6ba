namespace PortalRelease.Portal.Audit;

/// <summary>
/// What each chained table hashes, field by field, in one place: the journal writer, the migration that chains rows
/// written before the chain existed, and the verifier must agree byte for byte.
/// </summary>
public static class ChainContent
{
    public const string JournalTag = "portal.journal.v1";

    public const string AuditTag = "portal.audit.v1";

    public static void Journal(CanonicalHasher hasher, ReadOnlySpan<byte> previousHash, string releaseId, long seq, string at, string type, string? actor, string data, Span<byte> hash) =>
        hasher.Begin(JournalTag, previousHash)
            .Text(releaseId).Integer(seq).Text(at).Text(type).Text(actor).Text(data)
            .HashInto(hash);

    public static void Audit(CanonicalHasher hasher, ReadOnlySpan<byte> previousHash, AuditRow row, Span<byte> hash) =>
        hasher.Begin(AuditTag, previousHash)
            .Text(row.At).Text(row.ActorId).Text(row.ActorName).Text(row.AuthMethod).Text(row.Address)
            .Text(row.Action).Text(row.ResourceKind).Text(row.ResourceId).Text(row.Outcome).Text(row.Details)
            .HashInto(hash);
}
