using Microsoft.Data.Sqlite;
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
        // One connection and one prepared statement for the writer's life: opening and preparing per batch
        // cost more than the inserts themselves.
        if (_connection is null || _insert is null)
        {
            _connection = await _connections.OpenForJournalWriterAsync();
            _insert = JournalRepository.PrepareInsert(_connection);
            _head = JournalChainStore.Head(_connection, null);
        }
        var (connection, insert) = (_connection, _insert);
        try
        {
            await CommitAsync(batch, connection, insert);
        }
        catch
        {
            // Start afresh after any failure: the connection may be in a state we do not know.
            insert.Dispose();
            await connection.DisposeAsync();
            (_connection, _insert) = (null, null);
            throw;
        }
    }

    private async Task CommitAsync(IReadOnlyList<Work> batch, SqliteConnection connection, JournalRepository.JournalInsert insert)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        insert.Enlist(transaction);
        var assigned = new Dictionary<string, long>(StringComparer.Ordinal);
        var now = _time.GetUtcNow();
        var at = DbTime.Format(now);
        // First every row's place (release, sequence, time), then the inserts: with the rows known, their hashes can be
        // computed beside the inserts rather than in the writer's way.
        var rows = new List<PendingRow>();
        foreach (var work in batch)
        {
            work.Written.Clear();
            if (work.Create is not null)
            {
                await ReleaseRepository.InsertAsync(connection, transaction, work.Create);
            }
            if (work.Key is not null)
            {
                await IdempotencyKeyRepository.InsertAsync(connection, transaction, work.Key);
            }
            if (!assigned.TryGetValue(work.ReleaseId, out var seq) && !_lastSeq.TryGetValue(work.ReleaseId, out seq))
            {
                seq = await JournalRepository.MaxSeqAsync(connection, transaction, work.ReleaseId);
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
        var chain = HashChain ? BatchChain.Start(_head, [.. rows], _hasher, _spareHasher) : null;
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                byte[]? previous = null, hash = null;
                if (chain is not null)
                {
                    (previous, hash) = chain.Link(i);
                }
                insert.Execute(rows[i].Event, rows[i].At, rows[i].Data, previous, hash);
            }
        }
        finally
        {
            chain?.Stop();
        }
        await transaction.CommitAsync();
        if (chain is not null)
        {
            _head = chain.Head;
        }
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
