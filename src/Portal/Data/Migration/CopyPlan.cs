namespace PortalRelease.Portal.Data.Migration;

/// <summary>One source table and the target columns its columns go into, in the source's column order.</summary>
internal sealed record TableCopy(string Name, IReadOnlyList<TargetColumn> Columns);

/// <summary>Pairs each source table and column with the target's, refusing (before any row moves) what has no counterpart.</summary>
internal static class CopyPlan
{
    public static IReadOnlyList<TableCopy> Match(IReadOnlyList<SourceTable> source, IReadOnlyDictionary<string, IReadOnlyList<TargetColumn>> target)
    {
        var plan = new List<TableCopy>(source.Count);
        foreach (var table in source)
        {
            if (!target.TryGetValue(table.Name, out var columns))
            {
                throw new StoreMigrationException(StoreMigrationExit.BadInput,
                    $"The source has a table '{table.Name}' that the PostgreSQL schema does not: this portal cannot copy it. Is the source a portal's database of this version?");
            }
            var byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
            var missing = table.Columns.Where(c => !byName.ContainsKey(c)).ToList();
            if (missing.Count > 0)
            {
                throw new StoreMigrationException(StoreMigrationExit.BadInput,
                    $"The source's table '{table.Name}' has columns the PostgreSQL schema does not: {string.Join(", ", missing)}.");
            }
            plan.Add(new TableCopy(table.Name, table.Columns.Select(c => byName[c]).ToList()));
        }
        return plan;
    }
}
