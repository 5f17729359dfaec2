using FlashBench.Reporting.Readme;

namespace FlashBench.Tests.Reporting;

public sealed class ReadmeTablesTests
{
    private const string Readme = "# FlashBench\n\nintro\n\n<!-- flashbench:begin throughput -->\n| old |\n|---|\n<!-- flashbench:end throughput -->\n\nmore text\n";

    [Fact]
    public void Splice_replaces_only_the_marked_block()
    {
        string result = ReadmeTables.Splice(Readme, "throughput", "| a |\n|---|\n| 1 |\n");

        Assert.Equal("# FlashBench\n\nintro\n\n<!-- flashbench:begin throughput -->\n| a |\n|---|\n| 1 |\n<!-- flashbench:end throughput -->\n\nmore text\n", result);
        Assert.Equal("| a |\n|---|\n| 1 |", ReadmeTables.Extract(result, "throughput"));
    }

    [Fact]
    public void Splice_is_idempotent()
    {
        string once = ReadmeTables.Splice(Readme, "throughput", "| x |\n|---|\n");
        Assert.Equal(once, ReadmeTables.Splice(once, "throughput", "| x |\n|---|\n"));
    }

    [Fact]
    public void Windows_newlines_are_kept()
    {
        string crlf = Readme.Replace("\n", "\r\n");
        string result = ReadmeTables.Splice(crlf, "throughput", "| a |\n|---|\n");
        Assert.DoesNotContain("\n", result.Replace("\r\n", ""));
        Assert.Equal("| a |\n|---|", ReadmeTables.Extract(result, "throughput"));
    }

    [Fact]
    public void Missing_or_doubled_markers_are_invalid()
    {
        Assert.Throws<InvalidDataException>(() => ReadmeTables.Splice(Readme, "latency", "x"));
        Assert.Throws<InvalidDataException>(() => ReadmeTables.Splice(Readme + Readme, "throughput", "x"));
        string reversed = "<!-- flashbench:end t -->\n<!-- flashbench:begin t -->\n";
        Assert.Throws<InvalidDataException>(() => ReadmeTables.Extract(reversed, "t"));
    }

    [Fact]
    public void Names_lists_every_marked_table_in_order()
    {
        string two = Readme + "\n<!-- flashbench:begin cost-model -->\n<!-- flashbench:end cost-model -->\n";
        Assert.Equal(["throughput", "cost-model"], ReadmeTables.Names(two));
    }

    [Fact]
    public void Update_reports_tables_without_markers()
    {
        var (text, result) = ReadmeUpdate.Apply(Readme, new Dictionary<string, string> { ["throughput"] = "| t |\n|---|", ["machine"] = "| m |\n|---|" });
        Assert.Equal(["throughput"], result.Updated);
        Assert.Equal(["machine"], result.WithoutMarkers);
        Assert.Contains("| t |", text);
    }
}
