using System.Globalization;

namespace FlashBench.Reporting.Markdown;

/// <summary>Small Markdown pieces shared by every report section.</summary>
public static class MarkdownText
{
    /// <summary>Red text (GitHub renders the inline style in REPORT.md viewers that allow it; the words stay either way).</summary>
    public static string Red(string text) => $"<span style=\"color:red\">{text}</span>";

    public const string WarmWarning = "Warning: some inputs were measured with a warm page cache; those points are not flash figures.";

    /// <summary>Link to a chart from the results folder: the path is made relative to <paramref name="fromDirectory"/>
    /// and uses forward slashes, so the link works on GitHub and locally.</summary>
    public static string Image(string alt, string fromDirectory, string file) =>
        $"![{alt}]({RelativeLink(fromDirectory, file)})";

    /// <summary>The PNG of a chart saved as PNG + SVG (<see cref="ChartFiles.Save"/>), linked from <paramref name="fromDirectory"/>.</summary>
    public static string Chart(string alt, string fromDirectory, IEnumerable<string> files) =>
        Image(alt, fromDirectory, files.First(f => f.EndsWith(".png", StringComparison.Ordinal)));

    public static string RelativeLink(string fromDirectory, string file) =>
        Path.GetRelativePath(fromDirectory, file).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Invariant number with a fixed count of decimals; NaN and infinities print as "n/a".</summary>
    public static string Number(double value, int decimals = 1) =>
        double.IsFinite(value) ? value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "n/a";
}
