namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// What the figures of one slice (the whole filter, one week, one team or service) are computed from: counts, and the
/// raw lead and restore times their medians and p90s need (percentiles cannot be summed from parts).
/// </summary>
public sealed class DeliveryTally
{
    /// <summary>Releases promoted in the slice.</summary>
    public int Promoted { get; private set; }

    /// <summary>Promoted releases that fix a failed release.</summary>
    public int Rework { get; private set; }

    /// <summary>Commit (or build) to promotion of the promoted releases that have one, in hours.</summary>
    public List<double> LeadHours { get; } = [];

    /// <summary>Releases that started deploying in the slice.</summary>
    public int Deployed { get; private set; }

    public int Failed { get; private set; }

    /// <summary>Time to restore of the failed releases restored so far, in hours.</summary>
    public List<double> RestoreHours { get; } = [];

    /// <summary>Promoted releases, <paramref name="rework"/> of them fixing a failed release; their lead times come on their own.</summary>
    public void AddPromoted(int count, int rework)
    {
        Promoted += count;
        Rework += rework;
    }

    public void AddLead(double hours) => LeadHours.Add(hours);

    /// <summary>Deployed releases that did not fail, counted without reading them one by one.</summary>
    public void AddDeployed(int count) => Deployed += count;

    public void AddFailed(double? restoreHours)
    {
        Deployed++;
        Failed++;
        if (restoreHours is { } hours)
        {
            RestoreHours.Add(hours);
        }
    }
}

/// <summary>
/// The tallies of one dashboard: the whole filter, each week of the trend (Monday 00:00 UTC on or before the period's
/// start, see <see cref="DeliveryCalculator.WeekStart"/>) and each team or service of the breakdown.
/// </summary>
public sealed class DeliveryTallies
{
    private readonly SortedDictionary<string, DeliveryTally> _groups = new(StringComparer.Ordinal);

    public DeliveryTallies(DeliveryPeriod period)
    {
        FirstWeek = DeliveryCalculator.WeekStart(period.From);
        var count = (int)Math.Ceiling((period.To - FirstWeek).TotalDays / 7);
        Weeks = Enumerable.Range(0, count).Select(_ => new DeliveryTally()).ToArray();
    }

    public DeliveryTally Total { get; } = new();

    public DateTimeOffset FirstWeek { get; }

    public IReadOnlyList<DeliveryTally> Weeks { get; }

    /// <summary>The breakdown's teams (or services) that promoted or deployed anything, in ordinal order.</summary>
    public IReadOnlyDictionary<string, DeliveryTally> Groups => _groups;

    /// <summary>The week <paramref name="at"/> falls in, clamped to the trend.</summary>
    public int WeekOf(DateTimeOffset at) => Math.Clamp((int)((at - FirstWeek).TotalDays / 7), 0, Weeks.Count - 1);

    /// <summary>The tally of one team or service of the breakdown, created on first use.</summary>
    public DeliveryTally Group(string key)
    {
        if (!_groups.TryGetValue(key, out var tally))
        {
            _groups[key] = tally = new DeliveryTally();
        }
        return tally;
    }

    /// <summary>Counts promoted releases in the total, their week and their <paramref name="group"/>.</summary>
    public void AddPromoted(DeliveryTally group, int week, int count, int rework)
    {
        Total.AddPromoted(count, rework);
        Week(week).AddPromoted(count, rework);
        group.AddPromoted(count, rework);
    }

    /// <summary>The lead time of one promoted release (counted with <see cref="AddPromoted(DeliveryTally, int, int, int)"/>).</summary>
    public void AddLead(DeliveryTally group, int week, double hours)
    {
        Total.AddLead(hours);
        Week(week).AddLead(hours);
        group.AddLead(hours);
    }

    public void AddDeployed(DeliveryTally group, int week, int count)
    {
        Total.AddDeployed(count);
        Week(week).AddDeployed(count);
        group.AddDeployed(count);
    }

    public void AddFailed(DeliveryTally group, int week, double? restoreHours)
    {
        Total.AddFailed(restoreHours);
        Week(week).AddFailed(restoreHours);
        group.AddFailed(restoreHours);
    }

    private DeliveryTally Week(int week) => Weeks[Math.Clamp(week, 0, Weeks.Count - 1)];
}
