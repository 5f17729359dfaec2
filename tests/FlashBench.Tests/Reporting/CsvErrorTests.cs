using FlashBench.Core.Results;

namespace FlashBench.Tests.Reporting;

/// <summary>A broken CSV is reported in one line of FlashBench's own words: where, and what is wrong — never CsvHelper's
/// advice about its own settings.</summary>
public sealed class CsvErrorTests
{
    public enum Damage
    {
        NotANumber,
        Truncated,
        UnmatchedQuote,
        MissingColumn,
    }

    [Theory]
    [InlineData(Damage.NotANumber, "'4K?' in column chunk_bytes is not a valid whole number")]
    [InlineData(Damage.Truncated, "the file may be truncated")]
    [InlineData(Damage.UnmatchedQuote, "malformed field")]
    [InlineData(Damage.MissingColumn, "the header lacks the column(s) throughput_mb_s")]
    public void Broken_csv_is_one_line_in_our_words(Damage damage, string expected)
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, ThroughputRow.FileName);
        CsvFiles.Write(path, [Row(4096), Row(65536)]);
        File.WriteAllText(path, Apply(damage, File.ReadAllText(path)));

        var error = Assert.Throws<CsvFormatException>(() => CsvFiles.Read<ThroughputRow>(path));

        Assert.Contains(expected, error.Message);
        Assert.StartsWith(path, error.Message);
        Assert.DoesNotContain("\n", error.Message);
        Assert.DoesNotContain("BadDataFound", error.Message);
        Assert.DoesNotContain("CsvHelper", error.Message);
        Assert.DoesNotContain("Configuration", error.Message);
    }

    private static ThroughputRow Row(int chunk) => new() { Method = "direct", ReadPath = "pread", ChunkBytes = chunk, Threads = 1, Cache = "cold" };

    private static string Apply(Damage damage, string csv) => damage switch
    {
        Damage.NotANumber => csv.Replace(",4096,", ",4K?,", StringComparison.Ordinal),
        Damage.Truncated => csv[..(csv.TrimEnd('\n').LastIndexOf('\n') + 20)],
        Damage.UnmatchedQuote => csv.Replace("direct,pread", "direct,\"pread", StringComparison.Ordinal),
        Damage.MissingColumn => csv.Replace("throughput_mb_s", "speed", StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(damage)),
    };
}
