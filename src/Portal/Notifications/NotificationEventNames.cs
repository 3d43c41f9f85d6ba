using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// The events a webhook can subscribe to: every lifecycle state a release enters (its name), and the visible
/// sub-states <c>Paused</c>, <c>Resumed</c> and <c>AwaitingApproval</c> (an approval step, or a pause step that waits for a person).
/// </summary>
public static class NotificationEventNames
{
    public const string Paused = "Paused";
    public const string Resumed = "Resumed";
    public const string AwaitingApproval = "AwaitingApproval";

    public static IReadOnlyList<string> All { get; } =
        [.. Enum.GetNames<Lifecycle>().Where(n => n != nameof(Lifecycle.Proposed)), Paused, Resumed, AwaitingApproval];

    /// <summary>The canonical spelling of <paramref name="name"/> (case-insensitive), or null when it is no event.</summary>
    public static string? Canonical(string name) =>
        All.FirstOrDefault(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
