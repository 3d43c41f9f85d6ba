using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// Realistic delivery history, as journal events: several teams and services with their own pace and quality,
/// approvals, promotions, rollbacks, failures, incidents and the releases that fix them. Deterministic for a
/// seed. Every release is settled (the engine never picks one up), comes from template <see cref="TemplateName"/>
/// and is created by <see cref="Actor"/>, so it is clearly not real.
/// </summary>
public sealed class DemoHistory(int seed = 2026)
{
    public const string TemplateName = "demo-history";
    public const string Actor = "demo-history";

    /// <summary>A template that names targets nobody has: demo releases never run.</summary>
    public const string TemplateYaml = """
        name: demo-history
        description: Imported demo history for the delivery dashboards. Its releases never ran; do not start it.
        stages:
          - name: production
            targets: [demo-production]
            steps:
              - setWeight: 10
              - pause: {}
              - setWeight: 100
        """;

    private sealed record Team(string Name, string[] Services, double PerDay, double FailureRate, double LeadHoursMedian);

    // Four teams with different habits, so the bands differ: one elite, one steady, one slow and fragile.
    private static readonly Team[] Teams =
    [
        new("payments", ["checkout-api", "ledger"], 3.2, 0.06, 20),
        new("search", ["search-api", "indexer"], 2.4, 0.09, 40),
        new("mobile", ["mobile-bff"], 1.0, 0.16, 150),
        new("platform", ["gateway", "auth"], 1.6, 0.11, 70),
    ];

    private readonly Random _random = new(seed);
    private readonly string _plan = JsonSerializer.Serialize(new ReleasePlan([], new RollbackPolicy(true)), JournalJson.Options);
    private int _next;

    /// <summary>Teams' relative pace sums to this many releases a day; scale with <paramref name="releases"/>.</summary>
    private static double TotalPerDay => Teams.Sum(t => t.PerDay);

    /// <summary>
    /// <paramref name="releases"/> releases spread over <paramref name="days"/> days ending at <paramref name="end"/>,
    /// in creation order, each with all its events.
    /// </summary>
    public IEnumerable<(ReleaseRecord Record, List<EventDraft> Events)> Generate(int releases, int days, DateTimeOffset end, long templateVersion = 1)
    {
        var start = end.AddDays(-days);
        var span = (end - start).TotalMilliseconds;
        var lastFailed = new Dictionary<string, string>(StringComparer.Ordinal);
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < releases; i++)
        {
            // Evenly spaced with jitter, leaving the last hours free so every release has settled by now.
            var createdAt = start.AddMilliseconds(span * (i + _random.NextDouble()) / releases).AddHours(-6);
            var team = PickTeam();
            var service = team.Services[_random.Next(team.Services.Length)];
            versions[service] = versions.GetValueOrDefault(service) + 1;
            var fixes = lastFailed.Remove(service, out var failedId) && _random.NextDouble() < 0.7 ? failedId : null;
            var id = $"demo{seed:x}{_next++:x7}";
            var (events, failed) = Events(id, team, service, $"1.{versions[service] / 50}.{versions[service] % 50}", createdAt, fixes);
            if (failed)
            {
                lastFailed[service] = id;
            }
            var record = new ReleaseRecord(id, TemplateName, templateVersion, events[0].Data.GetProperty("version").GetString()!, "{}", _plan, createdAt, Actor);
            yield return (record, events);
        }
    }

    private Team PickTeam()
    {
        var pick = _random.NextDouble() * TotalPerDay;
        foreach (var team in Teams)
        {
            pick -= team.PerDay;
            if (pick < 0)
            {
                return team;
            }
        }
        return Teams[^1];
    }

    private (List<EventDraft> Events, bool Failed) Events(string id, Team team, string service, string version, DateTimeOffset t, string? fixes)
    {
        // Lead time before the release exists: log-normal around the team's median (fixes go faster).
        var leadHours = team.LeadHoursMedian * Math.Exp(0.8 * Gaussian()) * (fixes is null ? 1 : 0.3);
        var commitAt = t.AddHours(-leadHours);
        var buildAt = t.AddMinutes(-5 - _random.Next(30));
        var metadata = new ReleaseMetadata(team.Name, service, commitAt, buildAt, fixes);
        var events = new List<EventDraft>
        {
            EventDraft.Imported(new ReleaseCreated(TemplateName, 1, version, new Dictionary<string, object?>(), metadata), t, Actor),
            EventDraft.Imported(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), t = t.AddMinutes(1), "engine"),
        };
        if (_random.NextDouble() < 0.02)
        {
            events.Add(EventDraft.Imported(new AbortRequested("Not needed any more"), t.AddMinutes(3), Actor));
            events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Validated, Lifecycle.Aborted, "Aborted before deploying"), t.AddMinutes(4), "engine"));
            return (events, false);
        }
        events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, null), t = t.AddMinutes(2), "engine"));
        if (_random.NextDouble() < 0.3)
        {
            // An approval: the plan's pause waits for a person, who resumes it.
            events.Add(EventDraft.Imported(new PauseStarted(1, null), t = t.AddMinutes(5), "engine"));
            events.Add(EventDraft.Imported(new Resumed("approved"), t = t.AddMinutes(10 + _random.Next(180)), "approver"));
        }
        events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Deploying, Lifecycle.Verifying, null), t = t.AddMinutes(10), "engine"));
        var roll = _random.NextDouble();
        var incident = roll < team.FailureRate * 0.3;
        var rollback = !incident && roll < team.FailureRate * 0.8;
        var fail = !incident && !rollback && roll < team.FailureRate;
        if (incident)
        {
            var opened = t.AddMinutes(5 + _random.Next(30));
            events.Add(EventDraft.Imported(new IncidentOpened(Alert(service, opened), Snapshot(), "paused"), opened, "alertmanager"));
            events.Add(EventDraft.Imported(new Paused($"Incident on {service}"), opened, "engine"));
            var rolledBack = opened.AddMinutes(10 + _random.Next(120));
            events.Add(EventDraft.Imported(new RollbackRequested("Incident during verification"), rolledBack.AddMinutes(-5), "on-call"));
            events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Verifying, Lifecycle.RolledBack, "Rolled back after an incident"), rolledBack, "engine"));
            var resolved = rolledBack.AddMinutes(5 + _random.Next(60 * 8));
            events.Add(EventDraft.Imported(new IncidentResolved(Alert(service, opened) with { Status = "resolved", EndsAt = resolved }), resolved, "alertmanager"));
        }
        else if (rollback)
        {
            var requested = t.AddMinutes(5 + _random.Next(60));
            events.Add(EventDraft.Imported(new RollbackRequested("Analysis failed: error-rate above 5%"), requested, "engine"));
            events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Verifying, Lifecycle.RolledBack, "Automatic rollback"), requested.AddMinutes(2 + _random.Next(40)), "engine"));
        }
        else if (fail)
        {
            events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Verifying, Lifecycle.Failed, "Rollback failed: target unreachable"), t.AddMinutes(20 + _random.Next(60)), "engine"));
        }
        else
        {
            events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Verifying, Lifecycle.Promoted, null), t.AddMinutes(15 + _random.Next(120)), "engine"));
        }
        return (events, incident || rollback || fail);
    }

    private static IncidentAlert Alert(string service, DateTimeOffset startsAt) => new(
        0, $"demo-{service}-{startsAt.ToUnixTimeSeconds()}", "firing", service, "HighErrorRate",
        new Dictionary<string, string> { ["service"] = service, ["severity"] = "page" },
        new Dictionary<string, string> { ["summary"] = $"{service} error rate above SLO (demo history)" },
        startsAt, null, null);

    private static ReleaseSnapshot Snapshot() => new("Verifying", false, 2, "Set weight 100%", new Dictionary<string, int>(), []);

    private double Gaussian()
    {
        // Box-Muller: enough for believable lead times.
        var u = 1 - _random.NextDouble();
        var v = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>Writes releases through the journal writer's bulk path, keeping a bounded number in flight.</summary>
    public static async Task WriteAsync(JournalWriter writer, IEnumerable<(ReleaseRecord Record, List<EventDraft> Events)> releases, int inFlight = 4096, CancellationToken cancellationToken = default)
    {
        var pending = new List<Task>(inFlight);
        foreach (var (record, events) in releases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pending.Add(writer.CreateReleaseAsync(record, events));
            if (pending.Count >= inFlight)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending);
    }
}
