namespace PortalRelease.Portal.Releases.Journal;

// Journal events of release trains. Fields are only ever added.

/// <summary>
/// Component <see cref="Component"/> failed at step <see cref="Index"/>, journaled in the same commit as the release
/// going Failed: <see cref="Dependants"/> depend on it (directly or through others) and never start,
/// <see cref="Halted"/> were running beside it and stop at their step boundary, <see cref="NotStarted"/> had not
/// started and never will (the release failed).
/// </summary>
public sealed record ComponentFailed(
    string Component, int Index, IReadOnlyList<string> Dependants, IReadOnlyList<string> Halted, IReadOnlyList<string> NotStarted)
{
    /// <summary>The event in words, for the timeline and the flight recorder.</summary>
    public string Describe()
    {
        var parts = new List<string> { $"Component {Component} failed at step {Index + 1}" };
        if (Dependants.Count > 0)
        {
            parts.Add($"{Names(Dependants)} depend{(Dependants.Count == 1 ? "s" : "")} on it and will not start");
        }
        if (Halted.Count > 0)
        {
            parts.Add($"{Names(Halted)} {(Halted.Count == 1 ? "was" : "were")} running beside it and stop{(Halted.Count == 1 ? "s" : "")} at the next step boundary");
        }
        if (NotStarted.Count > 0)
        {
            parts.Add($"{Names(NotStarted)} will not start either");
        }
        return string.Join("; ", parts) + ".";
    }

    private static string Names(IReadOnlyList<string> names) => string.Join(", ", names);
}
