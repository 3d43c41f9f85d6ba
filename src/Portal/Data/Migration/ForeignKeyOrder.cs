namespace PortalRelease.Portal.Data.Migration;

/// <summary>Orders tables so that each comes after every table its foreign keys reference (by name, then stable).</summary>
internal static class ForeignKeyOrder
{
    public static IReadOnlyList<SourceTable> Sort(IReadOnlyList<SourceTable> tables)
    {
        var byName = tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var ordered = new List<SourceTable>(tables.Count);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: being visited, true: placed
        foreach (var table in tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            Visit(table, byName, state, ordered);
        }
        return ordered;
    }

    private static void Visit(SourceTable table, Dictionary<string, SourceTable> byName, Dictionary<string, bool> state, List<SourceTable> ordered)
    {
        if (state.TryGetValue(table.Name, out var placed))
        {
            if (!placed)
            {
                throw new StoreMigrationException(StoreMigrationExit.BadInput,
                    $"The source's foreign keys form a cycle through table '{table.Name}': no order copies it.");
            }
            return;
        }
        state[table.Name] = false;
        foreach (var parent in table.Parents.Where(p => !string.Equals(p, table.Name, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(parent, out var parentTable))
            {
                throw new StoreMigrationException(StoreMigrationExit.BadInput,
                    $"The source's table '{table.Name}' references table '{parent}', which the source does not have.");
            }
            Visit(parentTable, byName, state, ordered);
        }
        state[table.Name] = true;
        ordered.Add(table);
    }
}
