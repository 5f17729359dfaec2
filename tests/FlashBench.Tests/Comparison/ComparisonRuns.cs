using CsvHelper.Configuration.Attributes;
using FlashBench.Core.Results;

namespace FlashBench.Tests.Comparison;

/// <summary>Builds small run directories for comparer tests: deterministic samples around a level with ±1 % jitter.</summary>
public static class ComparisonRuns
{
    public const int Samples = 8;

    /// <summary>±1 % deterministic jitter (no Random: the same values every run).</summary>
    public static double Jitter(int i) => 1 + 0.01 * Math.Sin(i * 1.7);

    public static void WriteThroughput(string runDirectory, IEnumerable<(string Method, int Chunk, int Threads, double MBps)> points)
    {
        Directory.CreateDirectory(runDirectory);
        var rows = points.SelectMany(p => Enumerable.Range(0, Samples).Select(i => new ThroughputRow
        {
            Method = p.Method,
            ReadPath = "test",
            ChunkBytes = p.Chunk,
            Threads = p.Threads,
            Iteration = i,
            ThroughputMBps = p.MBps * Jitter(i + p.Chunk),
            Cache = "cold",
        }));
        CsvFiles.Write(Path.Combine(runDirectory, ThroughputRow.FileName), rows);
    }

    public static void WriteWindowing(string runDirectory, double ioMs, int window = 4)
    {
        Directory.CreateDirectory(runDirectory);
        CsvFiles.Write(Path.Combine(runDirectory, "windowing.csv"), Enumerable.Range(0, Samples).Select(i => new WindowingRow
        {
            Model = "OPT-6.7B", Precision = "fp16", Layout = "bundled", Window = window, Token = i, IoMs = ioMs * Jitter(i),
        }));
    }

    /// <summary>tokens.csv with <paramref name="layers"/> rows per token; the first token is "cold" and 100× slower.</summary>
    public static void WriteTokens(string runDirectory, double perLayerMs, int layers = 4)
    {
        Directory.CreateDirectory(runDirectory);
        var rows = new List<TokenRow>();
        for (int token = 0; token <= Samples; token++)
        {
            for (int layer = 0; layer < layers; layer++)
            {
                rows.Add(new TokenRow
                {
                    Model = "OPT-6.7B", Config = "all", Precision = "fp16", Token = token, Layer = layer,
                    Phase = token == 0 ? "cold" : "steady",
                    TotalMs = token == 0 ? perLayerMs * 100 : perLayerMs * Jitter(token),
                });
            }
        }
        CsvFiles.Write(Path.Combine(runDirectory, "tokens.csv"), rows);
    }

    public sealed class WindowingRow
    {
        [Name("model")] public string Model { get; set; } = "";
        [Name("precision")] public string Precision { get; set; } = "";
        [Name("layout")] public string Layout { get; set; } = "";
        [Name("window")] public int Window { get; set; }
        [Name("token")] public int Token { get; set; }
        [Name("io_ms")] public double IoMs { get; set; }
    }

    public sealed class TokenRow
    {
        [Name("model")] public string Model { get; set; } = "";
        [Name("config")] public string Config { get; set; } = "";
        [Name("precision")] public string Precision { get; set; } = "";
        [Name("token")] public int Token { get; set; }
        [Name("layer")] public int Layer { get; set; }
        [Name("phase")] public string Phase { get; set; } = "";
        [Name("total_ms")] public double TotalMs { get; set; }
    }
}
