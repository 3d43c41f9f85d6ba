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

    public static DeliveryDashboard Compute(DeliveryFilter filter, Input input)
    {
        var period = filter.Period;
        var deployments = input.Promoted.Count;
        var perDay = period.Days > 0 ? deployments / period.Days : (double?)null;
        var leadTimes = input.Promoted.Where(f => f.LeadTime is not null).Select(f => f.LeadTime!.Value.TotalHours).ToList();
        var leadMedian = Percentiles.Median(leadTimes);
        var leadP90 = Percentiles.NearestRank(leadTimes, 0.9);
        var failed = input.Deployed.Where(f => f.Failed).ToList();
        var cfr = input.Deployed.Count == 0 ? (double?)null : (double)failed.Count / input.Deployed.Count;
        var restores = failed.Select(f => RestoreHours(f, input.NextPromoted)).OfType<double>().ToList();
        var ttrMedian = Percentiles.Median(restores);
        var ttrP90 = Percentiles.NearestRank(restores, 0.9);
        var rework = input.Promoted.Count(IsRework);
        var reworkRate = deployments == 0 ? (double?)null : (double)rework / deployments;
        var awaiting = input.Open.Count(f => f.Awaiting);
        var blocked = input.Open.Count(f => f.Paused || f.Awaiting);

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
                DoraBands.ChangeFailureRate(cfr), failed.Count, $"{failed.Count} failed of {input.Deployed.Count} deployed"),
            new(Figures.TimeToRestore, "Time to restore", ttrMedian, "hours",
                ttrMedian is { } t ? $"{Hours(t)} median · {Hours(ttrP90!.Value)} p90" : "–",
                DoraBands.TimeToRestore(ttrMedian is { } tm ? TimeSpan.FromHours(tm) : null), restores.Count,
                $"{restores.Count} of {failed.Count} failures restored"),
            new(Figures.Rework, "Rework rate", reworkRate, "fraction",
                reworkRate is { } r ? $"{Format(r * 100)}%" : "–",
                null, rework, $"{rework} of {deployments} promoted fix a failed release"),
            new(Figures.ApprovalQueue, "Approval queue", awaiting, "releases", awaiting.ToString(CultureInfo.InvariantCulture),
                null, awaiting, "waiting for a person now"),
            new(Figures.Blocked, "Blocked releases", blocked, "releases", blocked.ToString(CultureInfo.InvariantCulture),
                null, blocked, "paused or waiting for a person now"),
        };

        var breakdownBy = filter.Team is null ? "team" : "service";
        Func<ReleaseFact, string> key = filter.Team is null ? f => f.Team : f => f.Service;
        var promotedBy = input.Promoted.ToLookup(key, StringComparer.Ordinal);
        var deployedBy = input.Deployed.ToLookup(key, StringComparer.Ordinal);
        var breakdown = promotedBy.Select(g => g.Key).Concat(deployedBy.Select(g => g.Key)).Distinct(StringComparer.Ordinal)
            .OrderBy(k => k, StringComparer.Ordinal)
            .Select(k => Row(k, promotedBy[k].ToList(), deployedBy[k].ToList(), input.NextPromoted))
            .Select(r => new BreakdownRow(r.Key, r.Deployments, r.Lead, r.Deployed, r.Failed, r.Cfr, r.Ttr, r.Rework))
            .ToList();

        return new DeliveryDashboard(filter.Team, filter.Service, period.Name, period.From, period.To, kpis, Trend(period, input), breakdownBy, breakdown);
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

    private static double? RestoreHours(ReleaseFact fact, IReadOnlyDictionary<string, DateTimeOffset> nextPromoted) =>
        RestoredAt(fact, nextPromoted) is { } restored ? (restored - fact.FailedAt!.Value).TotalHours : null;

    private static List<WeekPoint> Trend(DeliveryPeriod period, Input input)
    {
        // One pass over each list, dropping every release into its week.
        var first = WeekStart(period.From);
        var count = (int)Math.Ceiling((period.To - first).TotalDays / 7);
        var promoted = Enumerable.Range(0, count).Select(_ => new List<ReleaseFact>()).ToArray();
        var deployed = Enumerable.Range(0, count).Select(_ => new List<ReleaseFact>()).ToArray();
        foreach (var fact in input.Promoted)
        {
            promoted[Math.Clamp((int)((fact.PromotedAt!.Value - first).TotalDays / 7), 0, count - 1)].Add(fact);
        }
        foreach (var fact in input.Deployed)
        {
            deployed[Math.Clamp((int)((fact.DeployedAt!.Value - first).TotalDays / 7), 0, count - 1)].Add(fact);
        }
        var weeks = new List<WeekPoint>(count);
        for (var i = 0; i < count; i++)
        {
            var row = Row("", promoted[i], deployed[i], input.NextPromoted);
            weeks.Add(new WeekPoint(first.AddDays(7 * i), row.Deployments, row.Lead, row.Deployed, row.Failed, row.Cfr, row.Ttr, row.Rework));
        }
        return weeks;
    }

    private static (string Key, int Deployments, double? Lead, int Deployed, int Failed, double? Cfr, double? Ttr, double? Rework) Row(
        string key, List<ReleaseFact> promoted, List<ReleaseFact> deployed, IReadOnlyDictionary<string, DateTimeOffset> nextPromoted)
    {
        var failed = deployed.Where(f => f.Failed).ToList();
        return (
            key,
            promoted.Count,
            Percentiles.Median(promoted.Where(f => f.LeadTime is not null).Select(f => f.LeadTime!.Value.TotalHours).ToList()),
            deployed.Count,
            failed.Count,
            deployed.Count == 0 ? null : (double)failed.Count / deployed.Count,
            Percentiles.Median(failed.Select(f => RestoreHours(f, nextPromoted)).OfType<double>().ToList()),
            promoted.Count == 0 ? null : (double)promoted.Count(IsRework) / promoted.Count);
    }

    /// <summary>The Monday 00:00 UTC on or before <paramref name="at"/>.</summary>
    public static DateTimeOffset WeekStart(DateTimeOffset at)
    {
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    public static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Hours(double hours) => hours switch
    {
        < 1 => $"{Format(hours * 60)} min",
        < 48 => $"{Format(hours)} h",
        _ => $"{Format(hours / 24)} d",
    };
}
