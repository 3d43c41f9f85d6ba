namespace PortalRelease.Portal.Cluster;

/// <summary>
/// The <c>Portal:Cluster</c> section: how nodes sharing PostgreSQL divide the releases between them. Ignored on SQLite,
/// where the one process drives every release.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Portal:Cluster";

    /// <summary>This node's name in leases and on the Nodes panel; by default the host name, process id and a random suffix.</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// How long a node's hold on a release lasts without renewal: a dead or frozen node's releases are adopted by the
    /// others within this time. Renewed every third of it.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often a node looks for releases to adopt and for events other nodes appended to the releases it drives (a
    /// command given on another node). Lower is livelier and costs a query each time.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
