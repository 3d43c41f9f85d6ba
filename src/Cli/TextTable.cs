namespace PortalRelease.Cli;

/// <summary>
/// Rows as aligned columns, one line each, for people and for <c>grep</c>/<c>awk</c> in a CI log. Cells are made safe
/// (<see cref="SafeText"/>) before their width is taken, so a portal string cannot break the columns or the line.
/// </summary>
public static class TextTable
{
    public static void Write(CliConsole console, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var cells = rows.Select(row => row.Select(SafeText.Clean).ToArray()).ToList();
        var widths = headers.Select((header, i) => cells.Select(row => row[i].Length).Append(header.Length).Max()).ToArray();
        console.Line(Format(headers, widths), "bold");
        foreach (var row in cells)
        {
            console.Line(Format(row, widths));
        }
    }

    private static string Format(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => i == cells.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd();
}
