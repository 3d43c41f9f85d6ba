using System.Globalization;

namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// Computes the delivery figures from release facts already filtered by team/service. Pure: the same facts give
/// the same figures, which is what the hand-computed tests check. Definitions are in docs/dashboards.md.
/// </summary>
public static class DeliveryCalculator
{
    /// <summary>The facts a dashboard is computed from.</summary>
    /// <param name="Promoted">Releases promoted within the period.</param>
    /// <param name="Deployed">Releases that started deploying within the period.</param>
    /// <param name="Open">Releases not settled now (for the approval queue and blocked releases).</param>
    /// <param name="NextPromoted">For failed releases neither resolved nor rolled back: the next promotion of their service.</param>
    public sealed record Input(
        IReadOnlyList<ReleaseFact> Promoted,
        IReadOnlyList<ReleaseFact> Deployed,
        IReadOnlyList<ReleaseFact> Open,
        IReadOnlyDictionary<string, DateTimeOffset> NextPromoted);

    public static DeliveryDashboard Compute(DeliveryFilter filter, Input input) => Compose(filter, Tally(filter, input), input.Open);

    /// <summary>Tallies facts read one by one: the reference the dashboard's aggregated queries must agree with.</summary>
    public static DeliveryTallies Tally(DeliveryFilter filter, Input input)
    {
        var tallies = new DeliveryTallies(filter.Period);
        Func<ReleaseFact, string> key = filter.Team is null ? f => f.Team : f => f.Service;
        foreach (var fact in input.Promoted)
        {
            var group = tallies.Group(key(fact));
            var week = tallies.WeekOf(fact.PromotedAt!.Value);
            tallies.AddPromoted(group, week, 1, IsRework(fact) ? 1 : 0);
            if (fact.LeadTime is { } lead)
            {
                tallies.AddLead(group, week, lead.TotalHours);
            }
        }
        foreach (var fact in input.Deployed)
        {
            var group = tallies.Group(key(fact));
            var week = tallies.WeekOf(fact.DeployedAt!.Value);
            if (fact.Failed)
            {
                tallies.AddFailed(group, week, RestoreHours(fact, input.NextPromoted));
            }
            else
            {
                tallies.AddDeployed(group, week, 1);
            }
        }
        return tallies;
    }

    /// <summary>The dashboard of tallied releases; <paramref name="open"/> are the releases not settled now.</summary>
    public static DeliveryDashboard Compose(DeliveryFilter filter, DeliveryTallies tallies, IReadOnlyList<ReleaseFact> open)
    {
        var period = filter.Period;
        var total = tallies.Total;
        var deployments = total.Promoted;
        var perDay = period.Days > 0 ? deployments / period.Days : (double?)null;
        var leadTimes = total.LeadHours;
        var leadMedian = Percentiles.Median(leadTimes);
        var leadP90 = Percentiles.NearestRank(leadTimes, 0.9);
        var failed = total.Failed;
        var cfr = total.Deployed == 0 ? (double?)null : (double)failed / total.Deployed;
        var restores = total.RestoreHours;
        var ttrMedian = Percentiles.Median(restores);
        var ttrP90 = Percentiles.NearestRank(restores, 0.9);
        var rework = total.Rework;
        var reworkRate = deployments == 0 ? (double?)null : (double)rework / deployments;
        var awaiting = open.Count(f => f.Awaiting);
        var blocked = open.Count(f => f.Paused || f.Awaiting);

        var kpis = new List<Kpi>
        {
            new(Figures.Deployments, "Deployment frequency", perDay, "per day",
                perDay is { } d ? $"{Format(d)}/day · {Format(d * 7)}/week" : "–",
                DoraBands.DeploymentFrequency(perDay), deployments, $"{deployments} promoted in {Format(period.Days)} days"),
            new(Figures.LeadTime, "Lead time for changes", leadMedian, "hours",
                leadMedian is { } lt ? $"{Hours(lt)} median · {Hours(leadP90!.Value)} p90" : "–",
                DoraBands.LeadTime(leadMedian is { } m ? TimeSpan.FromHours(m) : null), leadTimes.Count,
                $"commit (or build) to promotion over {leadTimes.Count} promoted releases"),
            new(Figures.ChangeFailureRate, "Change failure rate", cfr, "fraction",
                cfr is { } c ? $"{Format(c * 100)}%" : "–",
                DoraBands.ChangeFailureRate(cfr), failed, $"{failed} failed of {total.Deployed} deployed"),
            new(Figures.TimeToRestore, "Time to restore", ttrMedian, "hours",
                ttrMedian is { } t ? $"{Hours(t)} median · {Hours(ttrP90!.Value)} p90" : "–",
                DoraBands.TimeToRestore(ttrMedian is { } tm ? TimeSpan.FromHours(tm) : null), restores.Count,
                $"{restores.Count} of {failed} failures restored"),
            new(Figures.Rework, "Rework rate", reworkRate, "fraction",
                reworkRate is { } r ? $"{Format(r * 100)}%" : "–",
                null, rework, $"{rework} of {deployments} promoted fix a failed release"),
            new(Figures.ApprovalQueue, "Approval queue", awaiting, "releases", awaiting.ToString(CultureInfo.InvariantCulture),
                null, awaiting, "waiting for a person now"),
            new(Figures.Blocked, "Blocked releases", blocked, "releases", blocked.ToString(CultureInfo.InvariantCulture),
                null, blocked, "paused or waiting for a person now"),
        };

        var breakdownBy = filter.Team is null ? "team" : "service";
        var breakdown = tallies.Groups
            .Select(g => (Key: g.Key, Row: Row(g.Value)))
            .Select(r => new BreakdownRow(r.Key, r.Row.Deployments, r.Row.Lead, r.Row.Deployed, r.Row.Failed, r.Row.Cfr, r.Row.Ttr, r.Row.Rework))
            .ToList();
        var trend = tallies.Weeks
            .Select((week, i) => (Start: tallies.FirstWeek.AddDays(7 * i), Row: Row(week)))
            .Select(w => new WeekPoint(w.Start, w.Row.Deployments, w.Row.Lead, w.Row.Deployed, w.Row.Failed, w.Row.Cfr, w.Row.Ttr, w.Row.Rework))
            .ToList();

        return new DeliveryDashboard(filter.Team, filter.Service, period.Name, period.From, period.To, kpis, trend, breakdownBy, breakdown);
    }

    /// <summary>The releases behind one figure, in time order.</summary>
    public static IReadOnlyList<DrillDownRow> DrillDown(string figure, Input input)
    {
        IEnumerable<ReleaseFact> rows = figure switch
        {
            Figures.Deployments => input.Promoted.OrderBy(f => f.PromotedAt),
            Figures.LeadTime => input.Promoted.Where(f => f.LeadTime is not null).OrderBy(f => f.PromotedAt),
            Figures.Deployed => input.Deployed.OrderBy(f => f.DeployedAt),
            Figures.ChangeFailureRate => input.Deployed.Where(f => f.Failed).OrderBy(f => f.DeployedAt),
            Figures.TimeToRestore => input.Deployed.Where(f => f.Failed && RestoreHours(f, input.NextPromoted) is not null).OrderBy(f => f.FailedAt),
            Figures.Rework => input.Promoted.Where(IsRework).OrderBy(f => f.PromotedAt),
            Figures.ApprovalQueue => input.Open.Where(f => f.Awaiting).OrderBy(f => f.CreatedAt),
            Figures.Blocked => input.Open.Where(f => f.Paused || f.Awaiting).OrderBy(f => f.CreatedAt),
            _ => throw new ArgumentOutOfRangeException(nameof(figure), figure, "Unknown figure."),
        };
        return rows.Select(f => new DrillDownRow(
            f.ReleaseId, f.Team, f.Service, f.Version, f.State, f.CreatedAt, f.CommitAt ?? f.BuildAt, f.DeployedAt, f.PromotedAt,
            f.FailedAt, f.Failure, RestoredAt(f, input.NextPromoted), f.LeadTime?.TotalHours, RestoreHours(f, input.NextPromoted),
            f.Fixes, $"/releases/{f.ReleaseId}")).ToList();
    }

    /// <summary>A promoted release that names, in <c>fixes</c>, a release that failed.</summary>
    public static bool IsRework(ReleaseFact fact) => fact.Fixes is not null && fact.FixesFailed;

    /// <summary>
    /// When service was restored after a failure: the first of the incident resolved and the rollback finished;
    /// failing both, the service's next promoted release. Null when not restored (yet) or not failed.
    /// </summary>
    public static DateTimeOffset? RestoredAt(ReleaseFact fact, IReadOnlyDictionary<string, DateTimeOffset> nextPromoted)
    {
        if (!fact.Failed || fact.FailedAt is not { } failedAt)
        {
            return null;
        }
        DateTimeOffset? restored = null;
        foreach (var candidate in new[] { fact.IncidentResolvedAt, fact.RolledBackAt })
        {
            if (candidate is { } at && at >= failedAt && (restored is null || at < restored))
            {
                restored = at;
            }
        }
        return restored ?? (nextPromoted.TryGetValue(fact.ReleaseId, out var next) ? next : null);
    }

    /// <summary>True when only the service's next promotion can tell when this failure was restored.</summary>
    public static bool NeedsNextPromotion(ReleaseFact fact) =>
        fact.Failed && fact.FailedAt is { } failedAt
        && !(fact.IncidentResolvedAt >= failedAt) && !(fact.RolledBackAt >= failedAt);

    internal static double? RestoreHours(ReleaseFact fact, IReadOnlyDictionary<string, DateTimeOffset> nextPromoted) =>
        RestoredAt(fact, nextPromoted) is { } restored ? (restored - fact.FailedAt!.Value).TotalHours : null;

    private static (int Deployments, double? Lead, int Deployed, int Failed, double? Cfr, double? Ttr, double? Rework) Row(DeliveryTally tally) => (
        tally.Promoted,
        Percentiles.Median(tally.LeadHours),
        tally.Deployed,
        tally.Failed,
        tally.Deployed == 0 ? null : (double)tally.Failed / tally.Deployed,
        Percentiles.Median(tally.RestoreHours),
        tally.Promoted == 0 ? null : (double)tally.Rework / tally.Promoted);

    /// <summary>The Monday 00:00 UTC on or before <paramref name="at"/>.</summary>
    public static DateTimeOffset WeekStart(DateTimeOffset at)
    {
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    public static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// A duration in the unit that reads best: seconds under a minute (a rollback often restores within seconds, which
    /// read as "0 min"), then minutes, hours and days, with one decimal at most above minutes so a column of figures
    /// in mixed units stays easy to compare.
    /// </summary>
    public static string Hours(double hours) => hours switch
    {
        < 1.0 / 60 => $"{Math.Round(hours * 3600).ToString(CultureInfo.InvariantCulture)} s",
        < 1 => $"{Format(hours * 60)} min",
        < 48 => $"{OneDecimal(hours)} h",
        _ => $"{OneDecimal(hours / 24)} d",
    };

    private static string OneDecimal(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
