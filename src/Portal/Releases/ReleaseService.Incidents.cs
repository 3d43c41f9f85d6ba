using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases;

public sealed partial class ReleaseService
{
    /// <summary>
    /// Journals what <paramref name="decide"/> makes of the release's current state, under the same per-release gate
    /// as commands so an alert and a click cannot both act on a stale view. Returns false when nothing was written.
    /// </summary>
    public async Task<bool> JournalAsync(
        string id, Func<ReleaseRecord, ReleasePlan, ReleaseView, IReadOnlyList<EventDraft>> decide, CancellationToken cancellationToken = default)
    {
        var gate = _commandLocks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (await releases.GetAsync(id, cancellationToken) is not { } record
                || JsonSerializer.Deserialize<ReleasePlan>(record.Plan, JournalJson.Options) is not { } plan)
            {
                return false;
            }
            var view = ReleaseView.From(id, await journal.ReadAsync(id, 0, cancellationToken));
            var drafts = decide(record, plan, view);
            if (drafts.Count == 0)
            {
                return false;
            }
            await writer.AppendAsync(id, drafts);
            engine.Notify(id);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}
