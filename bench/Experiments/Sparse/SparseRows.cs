using FlashBench.Core.Memory;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Throughput;
using FlashBench.Core.Weights;

namespace FlashBench.Bench.Experiments.Sparse;

/// <summary>A measured token as a row of &lt;experiment&gt;.csv.</summary>
public static class SparseRows
{
    public static SparseTokenRow From(string experiment, SparseOptions options, ActivationTrace trace, TokenMeasurement m)
    {
        var c = m.Prepared.Case;
        var format = m.Prepared.File.Format;
        var r = m.Result;
        long ffnNeurons = (long)format.Layers * format.NeuronsPerLayer;
        return new SparseTokenRow
        {
            Experiment = experiment,
            Model = options.Shape.Name,
            Precision = c.Precision.Name,
            Layout = c.Layout.Name(),
            Manager = c.Manager.Name(),
            Window = c.Window,
            Threads = options.Threads,
            Token = m.Token,
            NeuronsLoaded = r.NeuronsLoaded,
            NeuronsDeleted = r.NeuronsDeleted,
            NeuronsResident = r.NeuronsResident,
            Reads = r.ReadsIssued,
            BytesLoaded = r.BytesRead,
            BytesUseful = r.BytesUseful,
            IoMs = r.IoTime.TotalMilliseconds,
            EffectiveGBps = r.EffectiveGigabytesPerSecond,
            MemoryMs = r.MemoryTime.TotalMilliseconds,
            BytesCopied = r.BytesCopied,
            BytesAllocated = r.BytesAllocated,
            DramBytes = r.DramBytes,
            DramAllocatedBytes = m.DramAllocatedBytes,
            LoadedFraction = r.NeuronsLoaded / (double)ffnNeurons,
            CachedFraction = r.NeuronsResident / (double)ffnNeurons,
            FfnNeurons = ffnNeurons,
            FfnBytes = ffnNeurons * format.NeuronBytes,
            ResidentBefore = m.ResidentBefore,
            Cache = m.ResidentBefore <= IterationMeasurement.ColdResidencyLimit ? "cold" : "warm",
            ReadMethod = options.Method.Name(),
            PeakRssBytes = m.PeakRssBytes,
            BaselineRssBytes = m.BaselineRssBytes,
            DramBudgetBytes = options.Budget.Bytes,
            Trace = trace.Source,
            ControlGbps = m.Control?.Gbps,
            ControlReadBytes = m.Control?.ReadBytes,
            ControlReused = m.Control?.Reused,
        };
    }
}
