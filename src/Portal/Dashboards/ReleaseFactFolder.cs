using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// Folds journal events into a <see cref="ReleaseFact"/>. Reads only the event types the dashboards count, so a
/// release's measurements and driver calls cost nothing but a type comparison. Events at or below the fact's
/// <see cref="ReleaseFact.LastSeq"/> are ignored, so replaying is harmless.
/// </summary>
public static class ReleaseFactFolder
{
    public static ReleaseFact Start(string releaseId) => new() { ReleaseId = releaseId };

    public static void Apply(ReleaseFact fact, JournalEvent e)
    {
        if (e.Seq <= fact.LastSeq)
        {
            return;
        }
        fact.LastSeq = e.Seq;
        switch (e.Type)
        {
            case nameof(ReleaseCreated):
                Created(fact, e.Payload<ReleaseCreated>(), e.At);
                break;
            case nameof(StateChanged):
                StateChanged(fact, e.Payload<StateChanged>().To, e.At);
                break;
            case nameof(RollbackRequested):
                // Moving again (even a promoted release can be rolled back): in flight until the next final state.
                fact.SettledAt = null;
                if (fact.DeployedAt is not null)
                {
                    MarkFailed(fact, "rolled-back", e.At);
                }
                break;
            case nameof(AbortRequested):
                fact.SettledAt = null;
                break;
            case nameof(PauseStarted):
                fact.Awaiting |= e.Payload<PauseStarted>().Until is null;
                break;
            case nameof(ApprovalRequested):
                fact.Awaiting = true;
                break;
            case nameof(ApprovalDecided):
                fact.Awaiting = false;
                break;
            case nameof(Paused):
                fact.Paused = true;
                break;
            case nameof(Resumed):
                fact.Paused = false;
                fact.Awaiting = false;
                break;
            case nameof(IncidentOpened):
                fact.Incidents++;
                fact.IncidentOpenedAt ??= e.At;
                MarkFailed(fact, "incident", e.At);
                break;
            case nameof(IncidentResolved):
                fact.IncidentResolvedAt ??= e.At;
                break;
            default:
                break;
        }
    }

    private static void Created(ReleaseFact fact, ReleaseCreated created, DateTimeOffset at)
    {
        fact.CreatedAt = at;
        fact.Version = created.Version;
        // Releases created before metadata existed: the template stands for the service, nobody for the team.
        fact.Team = created.Metadata?.Team ?? ReleaseMetadata.UnassignedTeam;
        fact.Service = created.Metadata?.Service ?? created.Template;
        fact.CommitAt = created.Metadata?.CommitAt;
        fact.BuildAt = created.Metadata?.BuildAt;
        fact.Fixes = created.Metadata?.Fixes;
    }

    private static void StateChanged(ReleaseFact fact, Lifecycle to, DateTimeOffset at)
    {
        fact.State = to.ToString();
        switch (to)
        {
            case Lifecycle.Deploying:
                fact.DeployedAt ??= at;
                break;
            case Lifecycle.Promoted:
                fact.PromotedAt ??= at;
                break;
            case Lifecycle.Failed when fact.DeployedAt is not null:
                MarkFailed(fact, "failed", at);
                break;
            case Lifecycle.RolledBack:
                fact.RolledBackAt ??= at;
                if (fact.DeployedAt is not null)
                {
                    MarkFailed(fact, "rolled-back", at);
                }
                break;
            default:
                break;
        }
        var final = to is Lifecycle.Promoted or Lifecycle.Failed or Lifecycle.RolledBack or Lifecycle.Aborted;
        fact.SettledAt = final ? at : null;
        if (final)
        {
            fact.Paused = false;
            fact.Awaiting = false;
        }
    }

    private static void MarkFailed(ReleaseFact fact, string why, DateTimeOffset at)
    {
        if (!fact.Failed)
        {
            fact.Failed = true;
            fact.Failure = why;
        }
        if (fact.FailedAt is null || at < fact.FailedAt)
        {
            fact.FailedAt = at;
        }
    }
}
