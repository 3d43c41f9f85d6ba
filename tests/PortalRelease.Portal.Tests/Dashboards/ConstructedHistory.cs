using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Dashboards;

/// <summary>
/// A small delivery history whose figures were worked out by hand (see <see cref="DeliveryFiguresTests"/>), written
/// to the real journal with each event at its own time. All times are 2026 UTC.
///
/// Team alpha, service api unless said:
///   A0  promoted 2025-12-20 (outside Q1)                                   commit 12-19
///   A1  deploy 01-05 10:00, promoted 01-05 12:00                           commit 01-05 00:00 → lead 12 h
///   A2  deploy 01-11 00:00, rollback asked 01:00, rolled back 01:30        failed; restored in 0.5 h
///   A3  deploy 01-11 20:00, promoted 01-12 00:00, fixes A2                 commit 01-11 00:00 → lead 24 h; rework
///   A4  web: deploy 02-01 06:00, promoted 02-03 00:00                      build only 02-01 00:00 → lead 48 h
///   A5  web: deploy 02-10 00:00, Failed 02-10 02:00                        failed; restored by A6 → 6 h
///   A6  web: deploy 02-10 06:00, promoted 02-10 08:00, fixes A5            commit 02-10 04:00 → lead 4 h; rework
///   A7  deploy 03-01 00:00, promoted 03-01 10:00; incident 03-02 00:00,    commit 03-01 00:00 → lead 10 h;
///       resolved 03-02 03:00                                               failed (incident); restored in 3 h
///   A8  deploy 03-05 00:00, promoted 03-05 01:00                           no commit or build: no lead time
///   A9  aborted 03-06 before deploying                                     counts nowhere
///   A10 deploy 03-07 00:00, promoted 03-07 00:00, fixes A1 (not failed)    commit 03-06 12:00 → lead 12 h; not rework
///   A11 deploy 03-30 00:00, pause step waiting for a person                open: approval queue and blocked
/// Team beta, service db:
///   B1  deploy 01-21 00:00, promoted 01-21 00:00                           commit 01-20 00:00 → lead 24 h
///   B2  deploy 02-15 00:00, paused                                          open: blocked
/// </summary>
internal static class ConstructedHistory
{
    public static readonly DateTimeOffset Now = At("2026-04-01T00:00");

    public static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc + ":00Z", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task WriteAsync(JournalWriter writer, TemplateRepository templates)
    {
        await templates.SaveAsync("svc", null, "name: svc", "test", Now);
        var tasks = new List<Task>
        {
            Promoted(writer, "A0", "alpha", "api", "2025-12-20T00:00", "2025-12-20T01:00", commit: "2025-12-19T00:00"),
            Promoted(writer, "A1", "alpha", "api", "2026-01-05T10:00", "2026-01-05T12:00", commit: "2026-01-05T00:00"),
            Create(writer, "A2", "alpha", "api", "2026-01-11T00:00", commit: "2026-01-10T00:00", then:
            [
                EventDraft.Imported(new RollbackRequested("Analysis failed"), At("2026-01-11T01:00"), "engine"),
                EventDraft.Imported(new StateChanged(Lifecycle.Verifying, Lifecycle.RolledBack, "rolled back"), At("2026-01-11T01:30"), "engine"),
            ]),
            Promoted(writer, "A4", "alpha", "web", "2026-02-01T06:00", "2026-02-03T00:00", build: "2026-02-01T00:00"),
            Create(writer, "A5", "alpha", "web", "2026-02-10T00:00", commit: "2026-02-10T00:00", then:
            [
                EventDraft.Imported(new StateChanged(Lifecycle.Verifying, Lifecycle.Failed, "Rollback failed"), At("2026-02-10T02:00"), "engine"),
            ]),
            Create(writer, "A7", "alpha", "api", "2026-03-01T00:00", commit: "2026-03-01T00:00", then:
            [
                EventDraft.Imported(new StateChanged(Lifecycle.Verifying, Lifecycle.Promoted, null), At("2026-03-01T10:00"), "engine"),
                EventDraft.Imported(new IncidentOpened(Alert("api", "firing"), Snapshot(), "none"), At("2026-03-02T00:00"), "alertmanager"),
                EventDraft.Imported(new IncidentResolved(Alert("api", "resolved")), At("2026-03-02T03:00"), "alertmanager"),
            ]),
            Promoted(writer, "A8", "alpha", "api", "2026-03-05T00:00", "2026-03-05T01:00"),
            Create(writer, "A9", "alpha", "api", null, then:
            [
                EventDraft.Imported(new AbortRequested("not needed"), At("2026-03-06T00:00"), "tester"),
                EventDraft.Imported(new StateChanged(Lifecycle.Validated, Lifecycle.Aborted, "aborted"), At("2026-03-06T00:01"), "engine"),
            ], created: "2026-03-05T23:00"),
            Create(writer, "A11", "alpha", "api", "2026-03-30T00:00", then:
            [
                EventDraft.Imported(new PauseStarted(1, null), At("2026-03-30T00:05"), "engine"),
            ]),
            Promoted(writer, "B1", "beta", "db", "2026-01-21T00:00", "2026-01-21T00:00", commit: "2026-01-20T00:00"),
            Create(writer, "B2", "beta", "db", "2026-02-15T00:00", then:
            [
                EventDraft.Imported(new Paused("Paused by tester"), At("2026-02-15T00:10"), "tester"),
            ]),
        };
        await Task.WhenAll(tasks);
        // Releases that fix another are created after it exists, as the API requires.
        await Promoted(writer, "A3", "alpha", "api", "2026-01-11T20:00", "2026-01-12T00:00", commit: "2026-01-11T00:00", fixes: "A2");
        await Promoted(writer, "A6", "alpha", "web", "2026-02-10T06:00", "2026-02-10T08:00", commit: "2026-02-10T04:00", fixes: "A5");
        await Promoted(writer, "A10", "alpha", "api", "2026-03-07T00:00", "2026-03-07T00:00", commit: "2026-03-06T12:00", fixes: "A1");
    }

    private static Task<IReadOnlyList<JournalEvent>> Promoted(JournalWriter writer, string id, string team, string service, string deploy, string promoted,
        string? commit = null, string? build = null, string? fixes = null) =>
        Create(writer, id, team, service, deploy, commit, build, fixes,
            [EventDraft.Imported(new StateChanged(Lifecycle.Verifying, Lifecycle.Promoted, null), At(promoted), "engine")]);

    /// <summary>Created and validated a minute before <paramref name="deploy"/>, deploying and verifying at it, then <paramref name="then"/>.</summary>
    private static Task<IReadOnlyList<JournalEvent>> Create(JournalWriter writer, string id, string team, string service, string? deploy,
        string? commit = null, string? build = null, string? fixes = null, EventDraft[]? then = null, string? created = null)
    {
        var createdAt = At(created ?? deploy!).AddMinutes(created is null ? -1 : 0);
        var metadata = new ReleaseMetadata(team, service, commit is null ? null : At(commit), build is null ? null : At(build), fixes);
        var events = new List<EventDraft>
        {
            EventDraft.Imported(new ReleaseCreated("svc", 1, "1.0." + id[1..], new Dictionary<string, object?>(), metadata), createdAt, "tester"),
            EventDraft.Imported(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), createdAt, "engine"),
        };
        if (deploy is not null)
        {
            events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, null), At(deploy), "engine"));
            events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Deploying, Lifecycle.Verifying, null), At(deploy), "engine"));
        }
        events.AddRange(then ?? []);
        var record = new ReleaseRecord(id, "svc", 1, "1.0." + id[1..], "{}", "{}", createdAt, "tester");
        return writer.CreateReleaseAsync(record, events);
    }

    private static IncidentAlert Alert(string service, string status) => new(
        1, "fp-" + service, status, service, "HighErrorRate", new Dictionary<string, string>(), new Dictionary<string, string>(),
        At("2026-03-02T00:00"), null, null);

    private static ReleaseSnapshot Snapshot() => new("Promoted", false, null, null, new Dictionary<string, int>(), []);
}
