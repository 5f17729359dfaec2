using FlashBench.Core.Results;

namespace FlashBench.Tests.Reporting;

/// <summary>Synthetic rows of a sparse experiment: every case measured in <c>passes</c> passes of <c>tokens</c> tokens.</summary>
public static class SparseRowsFixture
{
    public static SparseTokenRow Row(int pass, int token, double ioMs, string layout = "bundled", string manager = "slots",
        int window = 5, string precision = "fp16", double memoryMs = 1, string deviceState = DeviceStates.Steady) => new()
    {
        Experiment = "bundling", Model = "OPT 6.7B", Precision = precision, Layout = layout, Manager = manager, Window = window,
        Threads = 4, Token = token, Pass = pass, IoMs = ioMs, MemoryMs = memoryMs, Reads = 100, BytesLoaded = 100 * 65536,
        EffectiveGBps = 100 * 65536 / (ioMs * 1e6), Cache = "cold", ReadMethod = "direct", Trace = "synthetic",
        DeviceState = deviceState,
    };

    /// <summary>Bundling rows: separate reads take <paramref name="ratio"/> times as long as bundled ones, token for token.</summary>
    public static List<SparseTokenRow> Bundling(double ratio, int passes = 2, int tokens = 5) =>
        [.. from pass in Enumerable.Range(0, passes)
            from token in Enumerable.Range(0, tokens)
            from layout in new[] { "separate", "bundled" }
            select Row(pass, token, (10 + token + pass) * (layout == "separate" ? ratio : 1), layout)];
}
