using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Audit;

/// <summary>
/// Copies the journal events people cause onto the <see cref="AuditStream"/>, from the one event stream the journal
/// feeds: release commands, approvals and overrides live only in the journal (one truth), yet a SIEM wants them beside
/// the audit log's entries. The engine's own events (actor <c>engine</c>) are not copied; imported demo history neither.
/// </summary>
public sealed class JournalAuditStreamer(
    ReleaseEventStream stream, AuditStream audit, BackgroundServiceHealth health, TimeProvider time, ILogger<JournalAuditStreamer> logger)
    : JournalStreamService(stream, health, time, logger)
{
    /// <summary>The journal event types a person causes, with the action name the audit log would give them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(ReleaseCreated)] = "release.create",
        [nameof(Paused)] = "release.pause",
        [nameof(Resumed)] = "release.resume",
        [nameof(AbortRequested)] = "release.abort",
        [nameof(RollbackRequested)] = "release.rollback",
        [nameof(ApprovalGiven)] = "release.approve",
        [nameof(ApprovalRejected)] = "release.reject",
        [nameof(GateOverridden)] = "release.override",
        [nameof(IncidentOpened)] = "release.incident-opened",
        [nameof(IncidentResolved)] = "release.incident-resolved",
    };

    /// <summary>The actor the engine writes its own decisions under (an automatic rollback is not a person's act).</summary>
    private const string EngineActor = "engine";

    public override string ServiceName => "journal-audit-streamer";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        Running();
        try
        {
            await foreach (var e in Events.ReadAllAsync(stoppingToken))
            {
                if (e.Actor is { } actor && actor is not (EngineActor or DemoHistory.Actor) && Actions.TryGetValue(e.Type, out var action))
                {
                    audit.Journaled(e.ReleaseId, e.Seq, action, actor, e.ActorName, e.At, e.Data.GetRawText());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
