using System.Globalization;
using System.Text;

namespace PortalRelease.Portal.Dashboards;

/// <summary>CSV (RFC 4180) of every dashboard table: the figures, the weekly trend, the breakdown and a drill-down.</summary>
public static class DeliveryCsv
{
    public static IReadOnlyList<string> Tables { get; } = ["summary", "trend", "breakdown"];

    public static string Summary(DeliveryDashboard d) => Write(
        ["figure", "name", "value", "unit", "display", "band", "releases", "detail", "team", "service", "period", "from", "to"],
        d.Kpis.Select(k => new object?[] { k.Figure, k.Name, k.Value, k.Unit, k.Display, k.Band?.ToString().ToLowerInvariant(), k.Releases, k.Detail, d.Team, d.Service, d.Period, d.From, d.To }));

    public static string Trend(DeliveryDashboard d) => Write(
        ["week_start", "deployments", "lead_time_median_hours", "deployed", "failed", "change_failure_rate", "time_to_restore_median_hours", "rework_rate"],
        d.Trend.Select(w => new object?[] { w.WeekStart, w.Deployments, w.LeadTimeMedianHours, w.Deployed, w.Failed, w.ChangeFailureRate, w.TimeToRestoreMedianHours, w.ReworkRate }));

    public static string Breakdown(DeliveryDashboard d) => Write(
        [d.BreakdownBy, "deployments", "lead_time_median_hours", "deployed", "failed", "change_failure_rate", "time_to_restore_median_hours", "rework_rate"],
        d.Breakdown.Select(b => new object?[] { b.Key, b.Deployments, b.LeadTimeMedianHours, b.Deployed, b.Failed, b.ChangeFailureRate, b.TimeToRestoreMedianHours, b.ReworkRate }));

    public static string Releases(IReadOnlyList<DrillDownRow> rows) => Write(
        ["id", "team", "service", "version", "state", "created_at", "commit_at", "deployed_at", "promoted_at", "failed_at", "failure", "restored_at", "lead_time_hours", "time_to_restore_hours", "fixes", "link"],
        rows.Select(r => new object?[] { r.Id, r.Team, r.Service, r.Version, r.State, r.CreatedAt, r.CommitAt, r.DeployedAt, r.PromotedAt, r.FailedAt, r.Failure, r.RestoredAt, r.LeadTimeHours, r.TimeToRestoreHours, r.Fixes, r.Link }));

    private static string Write(IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', header.Select(Cell)).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset at => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            double number => number.ToString("0.####", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        // A team or service name starting with = + - @ would run as a formula in a spreadsheet: keep it text.
        if (value is string && text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
