using FlashBench.Reporting.Markdown;

namespace FlashBench.Tests.Reporting;

public sealed class MarkdownTableTests
{
    [Fact]
    public void Builds_aligned_table_and_escapes_pipes()
    {
        string table = new MarkdownTable("name", "MB/s").AlignRight(1).AddRow("a|b", "12.5").AddRow("line\nbreak", "1").ToString();

        Assert.Equal("| name | MB/s |\n|---|---:|\n| a\\|b | 12.5 |\n| line<br>break | 1 |\n", table);
    }

    [Fact]
    public void Row_with_wrong_cell_count_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new MarkdownTable("a", "b").AddRow("only one"));

    [Fact]
    public void Relative_links_use_forward_slashes()
    {
        string results = Path.Combine(Path.GetTempPath(), "x", "results", "run");
        string chart = Path.Combine(Path.GetTempPath(), "x", "plots", "run", "a.png");
        Assert.Equal("![alt](../../plots/run/a.png)", MarkdownText.Image("alt", results, chart));
    }

    [Theory]
    [InlineData(double.NaN, "n/a")]
    [InlineData(1234.5678, "1234.6")]
    public void Numbers_are_invariant(double value, string expected) => Assert.Equal(expected, MarkdownText.Number(value));
}
