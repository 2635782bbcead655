using Spectre.Console;

namespace Rehearse.Console.Terminal;

/// <summary>
/// Writes a table: a Spectre.Console table on a terminal, tab-separated lines with a header when redirected
/// (easy to cut, sort and read in scripts).
/// </summary>
public static class TableWriter
{
    /// <summary>
    /// Writes the rows under the headers. The <paramref name="unbroken"/> columns (ids to copy) are never wrapped:
    /// the other columns wrap to make room.
    /// </summary>
    public static void Write(TerminalOutput output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyCollection<string>? unbroken = null)
    {
        if (!output.IsOutputTerminal)
        {
            System.Console.Out.WriteLine(string.Join('\t', headers));
            foreach (var row in rows)
            {
                System.Console.Out.WriteLine(string.Join('\t', row.Select(cell => cell.Replace('\t', ' ').Replace('\n', ' '))));
            }
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            var column = new TableColumn($"[bold]{Markup.Escape(header)}[/]");
            if (unbroken?.Contains(header) == true)
            {
                column.NoWrap();
            }
            table.AddColumn(column);
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Markup(Markup.Escape(cell))).ToArray());
        }
        output.Out.Write(table);
    }
}
