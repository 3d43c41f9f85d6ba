namespace PortalRelease.Portal.Dashboards;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<DoraBand>))]
public enum DoraBand
{
    Elite,
    High,
    Medium,
    Low,
}

/// <summary>
/// The performance levels of the 2023 Accelerate State of DevOps Report (DORA), turned into cut-offs where the
/// report gives ranges (see docs/dashboards.md for the table and how the gaps between ranges are closed).
/// </summary>
public static class DoraBands
{
    /// <summary>Elite: on demand (at least daily); high: at least weekly; medium: at least monthly; low: less.</summary>
    public static DoraBand? DeploymentFrequency(double? perDay) => perDay switch
    {
        null => null,
        >= 1 => DoraBand.Elite,
        >= 1.0 / 7 => DoraBand.High,
        >= 1.0 / 30 => DoraBand.Medium,
        _ => DoraBand.Low,
    };

    /// <summary>Median lead time. Elite: under a day; high: up to a week; medium: up to a month; low: longer.</summary>
    public static DoraBand? LeadTime(TimeSpan? median) => median?.TotalHours switch
    {
        null => null,
        < 24 => DoraBand.Elite,
        <= 24 * 7 => DoraBand.High,
        <= 24 * 30 => DoraBand.Medium,
        _ => DoraBand.Low,
    };

    /// <summary>Change failure rate as a fraction. Elite: up to 5%; high: up to 10%; medium: up to 15%; low: more.</summary>
    public static DoraBand? ChangeFailureRate(double? rate) => rate switch
    {
        null => null,
        <= 0.05 => DoraBand.Elite,
        <= 0.10 => DoraBand.High,
        <= 0.15 => DoraBand.Medium,
        _ => DoraBand.Low,
    };

    /// <summary>Median time to restore. Elite: under an hour; high: under a day; medium: up to a week; low: longer.</summary>
    public static DoraBand? TimeToRestore(TimeSpan? median) => median?.TotalHours switch
    {
        null => null,
        < 1 => DoraBand.Elite,
        < 24 => DoraBand.High,
        <= 24 * 7 => DoraBand.Medium,
        _ => DoraBand.Low,
    };
}
