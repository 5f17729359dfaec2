using System.Text.RegularExpressions;

namespace FlashBench.Reporting.Readme;

/// <summary>Generated tables live in README.md between
/// <c>&lt;!-- flashbench:begin NAME --&gt;</c> and <c>&lt;!-- flashbench:end NAME --&gt;</c>; nothing is pasted by hand
/// (as nietras/Sep does). These are pure functions over the README text.</summary>
public static partial class ReadmeTables
{
    public static string BeginMarker(string name) => $"<!-- flashbench:begin {name} -->";

    public static string EndMarker(string name) => $"<!-- flashbench:end {name} -->";

    /// <summary>The README with the text between NAME's markers replaced by <paramref name="table"/>.
    /// Throws <see cref="InvalidDataException"/> when the markers are missing, doubled or out of order.</summary>
    public static string Splice(string readme, string name, string table)
    {
        var (contentStart, contentEnd) = Locate(readme, name);
        string newline = readme.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        string body = table.Replace("\r\n", "\n").Trim('\n').Replace("\n", newline);
        return readme[..contentStart] + newline + body + newline + readme[contentEnd..];
    }

    /// <summary>The text between NAME's markers, trimmed of surrounding blank lines, with \n newlines.</summary>
    public static string Extract(string readme, string name)
    {
        var (contentStart, contentEnd) = Locate(readme, name);
        return readme[contentStart..contentEnd].Replace("\r\n", "\n").Trim('\n');
    }

    /// <summary>Every NAME that has a begin marker, in order of appearance.</summary>
    public static IReadOnlyList<string> Names(string readme) =>
        BeginPattern().Matches(readme).Select(m => m.Groups["name"].Value).ToList();

    public static bool Has(string readme, string name) => readme.Contains(BeginMarker(name), StringComparison.Ordinal);

    private static (int ContentStart, int ContentEnd) Locate(string readme, string name)
    {
        string begin = BeginMarker(name);
        string end = EndMarker(name);
        int beginAt = readme.IndexOf(begin, StringComparison.Ordinal);
        int endAt = readme.IndexOf(end, StringComparison.Ordinal);
        if (beginAt < 0 || endAt < 0)
            throw new InvalidDataException($"README has no '{begin}' … '{end}' markers");
        if (readme.IndexOf(begin, beginAt + begin.Length, StringComparison.Ordinal) >= 0 || readme.IndexOf(end, endAt + end.Length, StringComparison.Ordinal) >= 0)
            throw new InvalidDataException($"README has the markers of '{name}' more than once");
        int contentStart = beginAt + begin.Length;
        if (endAt < contentStart)
            throw new InvalidDataException($"README's end marker of '{name}' comes before its begin marker");
        return (contentStart, endAt);
    }

    [GeneratedRegex(@"<!-- flashbench:begin (?<name>[A-Za-z0-9_.\-]+) -->")]
    private static partial Regex BeginPattern();
}
