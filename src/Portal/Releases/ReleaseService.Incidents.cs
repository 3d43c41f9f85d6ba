using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases;

public sealed partial class ReleaseService
{
    /// <summary>
    /// Journals what <paramref name="decide"/> makes of the release's current state, decided again if the journal moved
    /// meanwhile (see <see cref="DecideAsync"/>), so an alert and a click cannot both act on a stale view. Returns false
    /// when nothing was written.
    /// </summary>
    public async Task<bool> JournalAsync(
        string id, Func<ReleaseRecord, ReleasePlan, ReleaseView, IReadOnlyList<EventDraft>> decide, CancellationToken cancellationToken = default)
    {
        return await DecideAsync(id, async (record, view) =>
        {
            if (JsonSerializer.Deserialize<ReleasePlan>(record.Plan, JournalJson.Options) is not { } plan)
            {
                return false;
            }
            var drafts = decide(record, plan, view);
            if (drafts.Count == 0)
            {
                return false;
            }
            await AppendDecidedAsync(id, view, drafts);
            return true;
        }, () => false, cancellationToken);
    }
}
