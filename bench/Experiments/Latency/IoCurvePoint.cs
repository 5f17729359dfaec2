using CsvHelper.Configuration.Attributes;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>One point of io_curve.csv: the throughput the projection used for a read size.</summary>
public sealed class IoCurvePoint
{
    public const string FileName = "io_curve.csv";

    [Name("chunk_bytes")] public long ChunkBytes { get; set; }
    [Name("throughput_gb_s")] public double ThroughputGbps { get; set; }
    [Name("source")] public string Source { get; set; } = "";
}
