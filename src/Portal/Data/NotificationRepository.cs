using System.Text.Json;
using Dapper;
using PortalRelease.Portal.Notifications;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Data;

/// <summary>
/// Deliveries, their attempts and the journal cursor (migration 0007), and what a notification says about its release.
/// The journal's events themselves are read through <see cref="JournalRepository"/>, the one mapper of journal rows.
/// </summary>
public sealed class NotificationRepository(PortalDatabase connections)
{
    private const string Columns =
        "id AS Id, webhook AS Webhook, release_id AS ReleaseId, seq AS Seq, event AS Event, body AS Body, status AS Status, attempts AS Attempts, " +
        "created_at AS CreatedAt, last_attempt_at AS LastAttemptAt, last_status AS LastStatus, last_error AS LastError, completed_at AS CompletedAt";

    // Properties, not a positional record: Dapper binds a record's constructor only when each column's type is the
    // parameter's exactly, and attempts and last_status are 64-bit on SQLite but INTEGER on PostgreSQL; properties convert.
    private class Row
    {
        public long Id { get; init; }
        public string Webhook { get; init; } = "";
        public string ReleaseId { get; init; } = "";
        public long Seq { get; init; }
        public string Event { get; init; } = "";
        public string Body { get; init; } = "";
        public string Status { get; init; } = "";
        public long Attempts { get; init; }
        public string CreatedAt { get; init; } = "";
        public string? LastAttemptAt { get; init; }
        public long? LastStatus { get; init; }
        public string? LastError { get; init; }
        public string? CompletedAt { get; init; }

        public NotificationDelivery ToDelivery() => new(
            Id, Webhook, ReleaseId, Seq, Event, Body, Enum.Parse<DeliveryStatus>(Status), (int)Attempts, DbTime.Parse(CreatedAt),
            LastAttemptAt is null ? null : DbTime.Parse(LastAttemptAt), (int?)LastStatus, LastError, CompletedAt is null ? null : DbTime.Parse(CompletedAt));
    }

    private sealed class ClaimRow : Row
    {
        public long ClaimEpoch { get; init; }
    }

    private sealed class AttemptRow
    {
        public long DeliveryId { get; init; }
        public long Attempt { get; init; }
        public string At { get; init; } = "";
        public long? Status { get; init; }
        public string? Error { get; init; }
        public long DurationMs { get; init; }
    }

    private string Now => connections.Dialect.NowMillis;

    // The lifecycle state a StateChanged event moved to, read from its JSON in the database.
    private readonly string _stateBeforeSql =
        $"SELECT {connections.Dialect.JsonText("data", "to")} FROM journal WHERE release_id = @releaseId AND type = 'StateChanged' AND seq < @seq ORDER BY seq DESC LIMIT 1";

    public async Task<long> ReadCursorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT journal_id FROM notification_cursor WHERE id = 1", cancellationToken: cancellationToken));
    }

    /// <summary>What a notification says about the release besides the event: its creation payload and lifecycle state before <paramref name="seq"/>.</summary>
    public async Task<(ReleaseCreated? Created, string? State)> ReleaseContextAsync(string releaseId, long seq, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var created = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT data FROM journal WHERE release_id = @releaseId AND type = 'ReleaseCreated' ORDER BY seq LIMIT 1", new { releaseId }, cancellationToken: cancellationToken));
        var state = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            _stateBeforeSql, new { releaseId, seq }, cancellationToken: cancellationToken));
        return (created is null ? null : JsonSerializer.Deserialize<ReleaseCreated>(created, JournalJson.Options), state);
    }

    /// <summary>Queues <paramref name="drafts"/> (an event already queued for a webhook is skipped) and moves the cursor, in one transaction.</summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<DeliveryDraft> drafts, long cursor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = 0;
        foreach (var draft in drafts)
        {
            added += await connection.ExecuteAsync(
                "INSERT INTO notification_deliveries (webhook, release_id, seq, event, body, status, created_at) " +
                "VALUES (@Webhook, @ReleaseId, @Seq, @Event, @Body, 'Pending', @at) ON CONFLICT DO NOTHING",
                new { draft.Webhook, draft.ReleaseId, draft.Seq, draft.Event, draft.Body, at = DbTime.Format(now) },
                transaction);
        }
        // The cursor only moves forward.
        await connection.ExecuteAsync(
            "UPDATE notification_cursor SET journal_id = @cursor WHERE id = 1 AND journal_id < @cursor", new { cursor }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>
    /// Claims the oldest delivery of <paramref name="webhook"/> still to be sent, for <paramref name="nodeId"/> until
    /// <paramref name="claimTime"/> from now by the database's clock; null when there is none, or when the oldest is
    /// claimed by a node whose claim has not run out (deliveries of one receiver go out in order, one at a time, whichever
    /// node sends them). The head row is locked with <see cref="SqlDialect.ForUpdateSkipLocked"/>: two nodes claiming at
    /// once never wait for each other, and one of them gets nothing. Every claim moves <c>claim_epoch</c> on: the fencing
    /// token that <see cref="RecordAttemptAsync"/> and <see cref="CompleteAsync"/> must state. A sole node
    /// (<paramref name="soleNode"/>: SQLite) takes over any claim, all of which are its own earlier run's.
    /// </summary>
    public async Task<ClaimedDelivery?> ClaimNextAsync(string webhook, string nodeId, TimeSpan claimTime, bool soleNode, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ClaimRow>(new CommandDefinition(
            $"""
            UPDATE notification_deliveries SET claimed_by = @nodeId, claim_epoch = claim_epoch + 1, claimed_until = {Now} + @ms
            WHERE id = (
              SELECT d.id FROM notification_deliveries d
              WHERE d.id = (SELECT MIN(h.id) FROM notification_deliveries h WHERE h.webhook = @webhook AND h.status = 'Pending')
                AND d.status = 'Pending' AND (d.claimed_until < {Now} OR @soleNode = 1){connections.Dialect.ForUpdateSkipLocked}
            )
            RETURNING {Columns}, claim_epoch AS ClaimEpoch
            """,
            new { webhook, nodeId, ms = (long)claimTime.TotalMilliseconds, soleNode = soleNode ? 1 : 0 }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return row is null ? null : new ClaimedDelivery(row.ToDelivery(), row.ClaimEpoch);
    }

    /// <summary>Extends the claim while its delivery is being sent; false when the claim is no longer current (taken over or completed).</summary>
    public async Task<bool> RenewClaimAsync(long deliveryId, long claimEpoch, TimeSpan claimTime, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE notification_deliveries SET claimed_until = {Now} + @ms WHERE id = @deliveryId AND claim_epoch = @claimEpoch AND status = 'Pending'",
            new { deliveryId, claimEpoch, ms = (long)claimTime.TotalMilliseconds }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Hands a claim back (the node stops mid-send): another node may send the delivery at once.</summary>
    public async Task ReleaseClaimAsync(long deliveryId, long claimEpoch)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync(
            "UPDATE notification_deliveries SET claimed_until = 0 WHERE id = @deliveryId AND claim_epoch = @claimEpoch AND status = 'Pending'",
            new { deliveryId, claimEpoch });
    }

    /// <summary>
    /// Records one attempt made under the claim <paramref name="claimEpoch"/> and counts it on the delivery; returns the
    /// attempt's number, or null when the claim was taken over meanwhile (nothing is written: the node that took it over
    /// records its own attempts).
    /// </summary>
    public async Task<int?> RecordAttemptAsync(long deliveryId, long claimEpoch, DateTimeOffset at, int? status, string? error, long durationMs)
    {
        // Not cancellable: an attempt that happened is recorded even while the portal stops.
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var attempt = await connection.ExecuteScalarAsync<int?>(
            "UPDATE notification_deliveries SET attempts = attempts + 1, last_attempt_at = @at, last_status = @status, last_error = @error " +
            "WHERE id = @deliveryId AND claim_epoch = @claimEpoch RETURNING attempts",
            new { deliveryId, claimEpoch, at = DbTime.Format(at), status, error }, transaction);
        if (attempt is not { } number)
        {
            return null;
        }
        await connection.ExecuteAsync(
            "INSERT INTO notification_attempts (delivery_id, attempt, at, status, error, duration_ms) VALUES (@deliveryId, @number, @at, @status, @error, @durationMs)",
            new { deliveryId, number, at = DbTime.Format(at), status, error, durationMs }, transaction);
        await transaction.CommitAsync();
        return number;
    }

    /// <summary>Completes the delivery under the claim <paramref name="claimEpoch"/>; false when that claim was taken over (nothing changes).</summary>
    public async Task<bool> CompleteAsync(long deliveryId, long claimEpoch, DeliveryStatus status, DateTimeOffset at, string? error)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteAsync(
            "UPDATE notification_deliveries SET status = @status, completed_at = @at, last_error = COALESCE(@error, last_error), claimed_until = 0 " +
            "WHERE id = @deliveryId AND claim_epoch = @claimEpoch AND status = 'Pending'",
            new { deliveryId, claimEpoch, status = status.ToString(), at = DbTime.Format(at), error }) == 1;
    }

    /// <summary>Fails pending deliveries of webhooks no longer configured: nothing would ever send them.</summary>
    public async Task<int> FailUnconfiguredAsync(IReadOnlyCollection<string> configured, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters(new { at = DbTime.Format(at) });
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE notification_deliveries SET status = 'Failed', completed_at = @at, " +
            "last_error = 'The webhook ' || webhook || ' is no longer configured (Portal:Notifications:Webhooks).' " +
            $"WHERE status = 'Pending' AND webhook NOT IN {SqlList.Of(parameters, "configured", configured)}",
            parameters, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<NotificationDelivery>> ListForReleaseAsync(string releaseId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM notification_deliveries WHERE release_id = @releaseId ORDER BY id", new { releaseId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToDelivery()).ToList();
    }

    public async Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsForReleaseAsync(string releaseId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AttemptRow>(new CommandDefinition(
            "SELECT a.delivery_id AS DeliveryId, a.attempt AS Attempt, a.at AS At, a.status AS Status, a.error AS Error, a.duration_ms AS DurationMs " +
            "FROM notification_attempts a " +
            "JOIN notification_deliveries d ON d.id = a.delivery_id WHERE d.release_id = @releaseId ORDER BY a.delivery_id, a.attempt",
            new { releaseId }, cancellationToken: cancellationToken));
        return rows.Select(r => new DeliveryAttempt(r.DeliveryId, (int)r.Attempt, DbTime.Parse(r.At), (int?)r.Status, r.Error, r.DurationMs)).ToList();
    }
}
