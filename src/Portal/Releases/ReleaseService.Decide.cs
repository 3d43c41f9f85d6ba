using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases;

public sealed partial class ReleaseService
{
    // Enough for a release whose runner journals every few hundred milliseconds while someone clicks; a conflict costs
    // one journal read.
    private const int MaxDecisionAttempts = 20;

    /// <summary>
    /// Reads the release and its journal, lets <paramref name="decide"/> judge them and append what it decided with
    /// <see cref="AppendDecidedAsync"/>; when another append came first (another click, the runner, another node), reads
    /// again and decides again. Two commands can therefore never both pass a check that the other's event would fail,
    /// on one node or many, and no process holds a lock to make it so.
    /// </summary>
    private async Task<T> DecideAsync<T>(
        string id, Func<ReleaseRecord, ReleaseView, Task<T>> decide, Func<T> notFound, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await releases.GetAsync(id, cancellationToken) is not { } record)
            {
                return notFound();
            }
            var view = ReleaseView.From(id, await journal.ReadAsync(id, 0, cancellationToken));
            try
            {
                return await decide(record, view);
            }
            catch (JournalConflictException conflict) when (attempt < MaxDecisionAttempts)
            {
                logger.LogDebug("Release {ReleaseId} moved on to {Seq} while a command was decided on {Expected}; deciding again",
                    id, conflict.ActualSeq, conflict.ExpectedSeq);
            }
        }
    }

    /// <summary>
    /// Appends what was decided on <paramref name="view"/>, only if the journal still ends where the view does (else
    /// <see cref="JournalConflictException"/>, which <see cref="DecideAsync"/> answers by deciding again), applies the
    /// written events to the view and wakes the release's runner.
    /// </summary>
    private async Task AppendDecidedAsync(string id, ReleaseView view, IReadOnlyList<EventDraft> drafts)
    {
        foreach (var written in await writer.AppendAsync(id, view.LastSeq, drafts))
        {
            view.Apply(written);
        }
        engine.Notify(id);
    }
}
