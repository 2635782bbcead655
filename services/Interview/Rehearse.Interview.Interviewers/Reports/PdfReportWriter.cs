using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using static Rehearse.Interview.Interviewers.Reports.ReportRenderer;

namespace Rehearse.Interview.Interviewers.Reports;

/// <summary>Lays report blocks out on A4 pages with PdfPig: wrapped text, headings, bullets and simple tables.</summary>
internal sealed class PdfReportWriter
{
    private const double Margin = 50;
    private const double BodySize = 10;
    private const double LineGap = 1.35;
    // Space inside a table cell: 3 pt on the left, the rest keeps the text off the next column.
    private const double CellPadding = 10;

    private readonly PdfDocumentBuilder _builder = new();
    private readonly PdfDocumentBuilder.AddedFont _regular;
    private readonly PdfDocumentBuilder.AddedFont _bold;
    private readonly PdfDocumentBuilder.AddedFont _monospace;
    private PdfPageBuilder _page;
    private double _y;

    private PdfReportWriter()
    {
        _regular = _builder.AddStandard14Font(Standard14Font.Helvetica);
        _bold = _builder.AddStandard14Font(Standard14Font.HelveticaBold);
        _monospace = _builder.AddStandard14Font(Standard14Font.Courier);
        _page = NewPage();
    }

    private double Width => _page.PageSize.Width - (2 * Margin);

    public static byte[] Write(IEnumerable<Block> blocks)
    {
        var writer = new PdfReportWriter();
        foreach (var block in blocks)
        {
            writer.Add(block);
        }

        return writer._builder.Build();
    }

    private void Add(Block block)
    {
        switch (block)
        {
            case Heading heading:
                var size = heading.Level switch { 1 => 18, 2 => 14, _ => 12 };
                _y -= heading.Level == 1 ? 0 : size * 0.6;
                Text(heading.Text, _bold, size, Margin, Width);
                _y -= 4;
                break;
            case Paragraph paragraph:
                Text(paragraph.Text, _regular, BodySize, Margin, Width);
                _y -= 6;
                break;
            case Bullets bullets:
                foreach (var item in bullets.Items)
                {
                    // The bullet sits on the first line's baseline (where Text puts it); U+2022 is in the font's
                    // encoding, unlike most dashes a glyph drawn higher would look like.
                    EnsureRoom(BodySize * LineGap);
                    _page.AddText("\u2022", BodySize, new PdfPoint(Margin + 4, _y - (BodySize * LineGap)), _regular);
                    Text(item, _regular, BodySize, Margin + 16, Width - 16);
                }

                _y -= 6;
                break;
            case Table table:
                AddTable(table);
                _y -= 8;
                break;
            case Code code:
                AddCode(code);
                _y -= 6;
                break;
        }
    }

    // Code line by line in a monospaced font, indentation kept; a line too long for the page continues on the next.
    private void AddCode(Code code)
    {
        var size = BodySize - 1;
        var perLine = Math.Max(20, (int)(Width / Measure("M", _monospace, size)));
        foreach (var sourceLine in code.Text.TrimEnd().Replace("\t", "    ", StringComparison.Ordinal).Split('\n'))
        {
            var line = sourceLine.TrimEnd('\r');
            do
            {
                var piece = line.Length > perLine ? line[..perLine] : line;
                line = line[piece.Length..];
                EnsureRoom(size * LineGap);
                _y -= size * LineGap;
                if (piece.Length > 0)
                {
                    _page.AddText(Encodable(piece), size, new PdfPoint(Margin, _y), _monospace);
                }
            }
            while (line.Length > 0);
        }
    }

    private void AddTable(Table table)
    {
        // Every column is at least as wide as its longest word (a word cannot wrap, and would run into the next
        // column); the rest of the width is shared in proportion to the columns' longest content.
        var columns = table.Header.Count;
        var cells = Enumerable.Range(0, columns)
            .Select(c => table.Rows.Select(r => c < r.Count ? r[c] : "").Prepend(table.Header[c]).ToArray())
            .ToArray();
        var least = cells
            .Select(column => column.SelectMany(cell => Encodable(cell).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(word => Measure(word, _bold, BodySize)).DefaultIfEmpty(0).Max() + CellPadding)
            .ToArray();
        var lengths = cells.Select(column => (double)Math.Max(8, column.Max(cell => Math.Min(cell.Length, 80)))).ToArray();
        var spare = Math.Max(0, Width - least.Sum());
        var widths = least.Select((w, c) => w + (spare * lengths[c] / lengths.Sum())).ToArray();
        Row(table.Header, widths, _bold);
        foreach (var row in table.Rows)
        {
            Row(row, widths, _regular);
        }
    }

    private void Row(IReadOnlyList<string> cells, double[] widths, PdfDocumentBuilder.AddedFont font)
    {
        var lines = cells.Select((cell, c) => Wrap(cell, font, BodySize, widths[c] - CellPadding)).ToArray();
        var height = (lines.Max(l => l.Count) * BodySize * LineGap) + 4;
        EnsureRoom(height);
        _page.DrawLine(new PdfPoint(Margin, _y), new PdfPoint(Margin + Width, _y), 0.5);
        var x = Margin;
        for (var c = 0; c < lines.Length; c++)
        {
            var y = _y - 2;
            foreach (var line in lines[c])
            {
                y -= BodySize * LineGap;
                _page.AddText(line, BodySize, new PdfPoint(x + 3, y + 3), font);
            }

            x += widths[c];
        }

        _y -= height;
    }

    private void Text(string text, PdfDocumentBuilder.AddedFont font, double size, double x, double width)
    {
        foreach (var line in Wrap(text, font, size, width))
        {
            EnsureRoom(size * LineGap);
            _y -= size * LineGap;
            _page.AddText(line, size, new PdfPoint(x, _y), font);
        }
    }

    private List<string> Wrap(string text, PdfDocumentBuilder.AddedFont font, double size, double width)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in Encodable(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && Measure(candidate, font, size) > width)
            {
                lines.Add(current.ToString());
                current.Clear().Append(word);
            }
            else
            {
                current.Clear().Append(candidate);
            }
        }

        if (current.Length > 0 || lines.Count == 0)
        {
            lines.Add(current.ToString());
        }

        return lines;
    }

    private double Measure(string text, PdfDocumentBuilder.AddedFont font, double size)
    {
        IReadOnlyList<Letter> letters = _page.MeasureText(text, size, new PdfPoint(0, 0), font);
        return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X;
    }

    private void EnsureRoom(double height)
    {
        if (_y - height < Margin)
        {
            _page = NewPage();
        }
    }

    private PdfPageBuilder NewPage()
    {
        var page = _builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        _y = page.PageSize.Height - Margin;
        return page;
    }

    // The standard fonts cover Windows-1252 only: keep what they can draw, replace the rest.
    private static string Encodable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' '))
        {
            builder.Append(c is >= ' ' and <= '~' or >= '\u00A0' and <= '\u00FF' || "–—‘’“”•…€".Contains(c, StringComparison.Ordinal) ? c : '?');
        }

        return builder.ToString();
    }
}
