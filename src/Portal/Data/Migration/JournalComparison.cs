namespace PortalRelease.Portal.Data.Migration;

/// <summary>Each release's journal on the target against the source: the same count and last seq, and gapless from 1.</summary>
internal sealed record JournalComparison(int Releases, IReadOnlyList<string> Problems)
{
    public static JournalComparison Compare(IReadOnlyDictionary<string, JournalSequence> source, IReadOnlyDictionary<string, JournalSequence> target)
    {
        var problems = new List<string>();
        foreach (var (releaseId, expected) in source.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!target.TryGetValue(releaseId, out var found))
            {
                problems.Add($"release {releaseId}: {expected.Count} journal events in the source, none in the target");
            }
            else if (found != expected)
            {
                problems.Add($"release {releaseId}: the source's journal has {expected.Count} events up to seq {expected.Max}, the target's {found.Count} up to seq {found.Max}");
            }
            else if (!found.Gapless)
            {
                problems.Add($"release {releaseId}: the journal's sequence is not gapless ({found.Count} events, seq {found.Min} to {found.Max})");
            }
        }
        problems.AddRange(target.Keys.Where(id => !source.ContainsKey(id)).Order(StringComparer.Ordinal)
            .Select(id => $"release {id}: journal events in the target that the source does not have"));
        return new JournalComparison(source.Count, problems);
    }
}
