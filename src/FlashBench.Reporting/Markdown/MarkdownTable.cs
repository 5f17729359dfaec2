using System.Text;

namespace FlashBench.Reporting.Markdown;

/// <summary>Builds a GitHub-flavoured Markdown table. Columns are left-aligned unless marked numeric
/// (right-aligned); pipes and newlines in cells are escaped so a cell can never break the table.</summary>
public sealed class MarkdownTable
{
    private readonly List<string> _headers;
    private readonly HashSet<int> _rightAligned = [];
    private readonly List<string[]> _rows = [];

    public MarkdownTable(params string[] headers)
    {
        if (headers.Length == 0)
            throw new ArgumentException("a table needs at least one column", nameof(headers));
        _headers = [.. headers];
    }

    public int RowCount => _rows.Count;

    /// <summary>Right-aligns the given columns (0-based), for numbers.</summary>
    public MarkdownTable AlignRight(params int[] columns)
    {
        foreach (int column in columns)
            _rightAligned.Add(column);
        return this;
    }

    public MarkdownTable AddRow(params string[] cells)
    {
        if (cells.Length != _headers.Count)
            throw new ArgumentException($"row has {cells.Length} cells, table has {_headers.Count} columns", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        AppendRow(text, _headers);
        text.Append('|');
        for (int column = 0; column < _headers.Count; column++)
            text.Append(_rightAligned.Contains(column) ? "---:|" : "---|");
        text.Append('\n');
        foreach (var row in _rows)
            AppendRow(text, row);
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, IEnumerable<string> cells)
    {
        text.Append('|');
        foreach (string cell in cells)
            text.Append(' ').Append(Escape(cell)).Append(" |");
        text.Append('\n');
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
