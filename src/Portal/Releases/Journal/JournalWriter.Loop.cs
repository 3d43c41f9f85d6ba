using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Releases.Journal;

public sealed partial class JournalWriter
{
    private async Task RunAsync()
    {
        var batch = new List<Work>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            var events = 0;
            while (events < MaxBatch && reader.TryRead(out var work))
            {
                batch.Add(work);
                events += work.Drafts.Count;
            }
            try
            {
                await CommitAsync(batch);
                Complete(batch);
            }
            catch (Exception batchError) when (batch.Count > 1)
            {
                // One bad item (an unknown release, a duplicate id) must not fail the others: retry one by one.
                _logger.LogDebug(batchError, "Journal batch of {Count} failed; retrying items one by one", batch.Count);
                foreach (var work in batch)
                {
                    await CommitOneAsync(work);
                }
            }
            catch (Exception error)
            {
                Fail(batch[0], error);
            }
        }
    }

    private async Task CommitOneAsync(Work work)
    {
        try
        {
            await CommitAsync([work]);
            Complete([work]);
        }
        catch (Exception error)
        {
            Fail(work, error);
        }
    }

    private async Task CommitAsync(IReadOnlyList<Work> batch)
    {
        // One appender (connection, prepared statement) for the writer's life: opening and preparing per batch cost
        // more than the inserts themselves.
        var appender = _appender ??= await _connections.OpenJournalAppenderAsync();
        try
        {
            await CommitAsync(batch, appender);
        }
        catch
        {
            // Start afresh after any failure: the connection may be in a state we do not know.
            _appender = null;
            _head = null;
            await appender.DisposeAsync();
            throw;
        }
    }

    private async Task CommitAsync(IReadOnlyList<Work> batch, JournalAppender appender)
    {
        var assigned = new Dictionary<string, long>(StringComparer.Ordinal);
        var now = _time.GetUtcNow();
        var at = DbTime.Format(now);
        // A sole writer knows the sequence numbers it committed and the chain head; otherwise every release of the batch
        // is read at once, under the journal's write scope, so no other node's append can slip in between.
        var unknown = batch.Select(w => w.ReleaseId).Where(id => !appender.SoleWriter || !_lastSeq.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        var fenced = batch.Where(w => w.Fence is not null).GroupBy(w => w.Fence!.NodeId, StringComparer.Ordinal).ToDictionary(
            node => node.Key, IReadOnlyCollection<string> (node) => node.Select(w => w.ReleaseId).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var (head, read, leases) = await appender.BeginBatchAsync(new BatchReads(appender.SoleWriter ? _head : null, unknown, fenced));
        // First every row's place (release, sequence, time), then the inserts: with the rows known, their hashes can be
        // computed beside the inserts rather than in the writer's way.
        var rows = new List<PendingRow>();
        foreach (var work in batch)
        {
            work.Written.Clear();
            work.Conflict = null;
            work.Fenced = false;
            if (work.Fence is { } fence && (!leases!.TryGetValue((fence.NodeId, work.ReleaseId), out var epoch) || epoch != fence.Epoch))
            {
                // Skipped like a conflict: whoever holds the lease now drives the release; this runner must stop.
                work.Fenced = true;
                work.FencedAt = leases.TryGetValue((fence.NodeId, work.ReleaseId), out var held) ? held : null;
                continue;
            }
            if (work.ExpectedSeq is { } expected && (assigned.TryGetValue(work.ReleaseId, out var current)
                || (read?.TryGetValue(work.ReleaseId, out current) ?? false) || _lastSeq.TryGetValue(work.ReleaseId, out current))
                && current != expected)
            {
                // Skipped, not failed: the batch's other appends go on; the caller reads again and decides again.
                work.Conflict = current;
                continue;
            }
            if (work.Create is not null)
            {
                await appender.InsertReleaseAsync(work.Create);
                if (work.Claims is { Count: > 0 } claims)
                {
                    await appender.InsertClaimsAsync(work.ReleaseId, work.Create.CreatedAt, claims);
                }
            }
            if (work.Decide is not null)
            {
                work.Decision = await appender.DecideClaimAsync(work.ReleaseId);
                work.Drafts = work.Decide(work.Decision);
            }
            if (work.Key is not null)
            {
                await appender.InsertKeyAsync(work.Key);
            }
            if (!assigned.TryGetValue(work.ReleaseId, out var seq) && !(read?.TryGetValue(work.ReleaseId, out seq) ?? false))
            {
                seq = _lastSeq[work.ReleaseId];
            }
            foreach (var draft in work.Drafts)
            {
                var journalEvent = new JournalEvent(work.ReleaseId, ++seq, draft.At ?? now, draft.Type, draft.Actor, draft.Data, draft.ActorName);
                rows.Add(new PendingRow(journalEvent, draft.At is { } imported ? DbTime.Format(imported) : at, draft.Data.GetRawText()));
                work.Written.Add(journalEvent);
            }
            assigned[work.ReleaseId] = seq;
        }
        // The head moves only once the batch is durable: a batch that fails leaves the chain where it was.
        var chain = HashChain ? BatchChain.Start(head, [.. rows], _hasher, _spareHasher) : null;
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                byte[]? previous = null, hash = null;
                if (chain is not null)
                {
                    (previous, hash) = chain.Link(i);
                }
                var row = rows[i];
                var e = row.Event;
                appender.Add(e.ReleaseId, e.Seq, row.At, e.Type, e.Actor, e.ActorName, row.Data, previous, hash);
            }
        }
        finally
        {
            chain?.Stop();
        }
        // Known as ours before the rows become visible, so the cluster's follower never publishes them a second time.
        var written = rows.Select(r => r.Event).ToList();
        _stream.ExpectLocal(written);
        try
        {
            await appender.CommitAsync();
        }
        catch
        {
            _stream.ForgetLocal(written);
            throw;
        }
        _head = chain?.Head ?? head;
        Interlocked.Increment(ref _commits);
        foreach (var (releaseId, seq) in assigned)
        {
            _lastSeq[releaseId] = seq;
        }
    }

    private void Complete(IReadOnlyList<Work> batch)
    {
        foreach (var work in batch)
        {
            if (work.Fenced)
            {
                work.Completion.TrySetException(new LeaseLostException(work.ReleaseId, work.Fence!, work.FencedAt));
                continue;
            }
            if (work.Conflict is { } actual)
            {
                work.Completion.TrySetException(new JournalConflictException(work.ReleaseId, work.ExpectedSeq!.Value, actual));
                continue;
            }
            _stream.Publish(work.Written);
            work.Completion.TrySetResult(work.Written.ToArray());
        }
    }

    private void Fail(Work work, Exception error)
    {
        _lastSeq.Remove(work.ReleaseId);
        if (error is IdempotencyKeyTakenException)
        {
            // A retry racing its original: expected, and answered by the release service with the original's release.
            _logger.LogDebug("Release {ReleaseId} not created: its idempotency key was taken meanwhile", work.ReleaseId);
            work.Completion.TrySetException(error);
            return;
        }
        _logger.LogWarning(error, "Could not append {Count} journal events for release {ReleaseId}", work.Drafts.Count, work.ReleaseId);
        work.Completion.TrySetException(error);
    }
}
