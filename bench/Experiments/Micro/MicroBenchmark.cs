using BenchmarkDotNet.Attributes;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using FlashBench.Core.Throughput.Offsets;

namespace FlashBench.Bench.Experiments.Micro;

/// <summary>One BenchmarkDotNet case per micro benchmark of the plan; one call runs the case's operation once
/// (<see cref="MicroCase.OperationsPerCall"/> operations; rows are per operation).</summary>
public class MicroBenchmark
{
    private static MicroPlan Plan => PlanSlot<MicroPlan>.Current;

    private MicroCase? _case;

    public static IEnumerable<string> CaseKeys => Plan.CaseKeys;

    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Find()
    {
        _case = Plan.Cases.Find(Case);
        (_case as KernelCase)?.MeasureBandwidth(Plan.Bandwidth, before: true);
    }

    /// <summary>Returns what the operation produced, so it is observable.</summary>
    [Benchmark]
    public long Call() => _case!.Run();

    [GlobalCleanup]
    public void Finish()
    {
        (_case as KernelCase)?.MeasureBandwidth(Plan.Bandwidth, before: false);
        Plan.CaseFinished(Case);
    }
}

/// <summary>One micro benchmark: a family (the subsystem: read-path, window, slots, kernel), a name, and an operation.</summary>
public abstract class MicroCase : IDisposable
{
    public abstract string Family { get; }
    public abstract string Name { get; }
    public abstract string Description { get; }
    public virtual int OperationsPerCall => 1;
    /// <summary>Bytes one operation streams, for GB/s; null when it is not a data-moving operation.</summary>
    public virtual long? BytesPerOperation => null;
    public string Key => $"{Family}/{Name}";

    public abstract long Run();

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>Every micro case of a run, and what could not run here and why.</summary>
public sealed class MicroCases(IReadOnlyList<MicroCase> all, IReadOnlyList<string> skipped) : IDisposable
{
    /// <summary>The read loop's file: large enough that the offsets move around (a 4K read sees 16 384 places), small
    /// enough to sit in memory.</summary>
    private const long FileBytes = 64L << 20;

    public IReadOnlyList<MicroCase> All { get; } = all;
    public IReadOnlyList<string> Skipped { get; } = skipped;

    public MicroCase Find(string key) => All.First(c => c.Key == key);

    /// <summary>Every case of the families <paramref name="family"/> keeps (all when null).</summary>
    public static MicroCases Prepare(MicroOptions options, Func<string, bool>? family = null)
    {
        family ??= _ => true;
        var cases = new List<MicroCase>();
        var skipped = new List<string>();
        var file = TestFileGenerator.Ensure(options.MemoryDirectory, FileBytes);
        foreach (var method in family("read-path") ? new[] { ReadMethod.Direct, ReadMethod.Buffered, ReadMethod.IoUring } : [])
        {
            if (ReadLoopCase.Refusal(method, file) is { } reason)
            {
                skipped.Add($"read-path {method.Name()} skipped: {reason}");
                continue;
            }
            cases.Add(new ReadLoopCase(file, method, 4 << 10));
            cases.Add(new ReadLoopCase(file, method, 32 << 10));
        }
        var shape = ModelShapes.Opt6_7B;
        var trace = SyntheticTraceGenerator.Generate(shape.WithLayers(1), new SyntheticTraceOptions { Tokens = WindowCase.Tokens });
        if (family("window"))
            cases.Add(new WindowCase(trace, shape.PaperWindow));
        if (family("slots"))
            cases.Add(new SlotsCase(trace, shape.PaperWindow, new Core.Weights.WeightFileFormat(shape.WithLayers(1), Precision.Fp16, Core.Weights.WeightLayout.Bundled).NeuronBytes));
        foreach (var precision in new[] { Precision.Fp16, Precision.Int8, Precision.Palettized3_5 })
        {
            foreach (long bytes in family("kernel") ? options.KernelBytes : [])
            {
                cases.Add(new KernelCase(precision, bytes, allCores: true));
                if (options.KernelOnOneThread)
                    cases.Add(new KernelCase(precision, bytes, allCores: false));
            }
        }
        return new MicroCases(cases, skipped);
    }

    public void Dispose()
    {
        foreach (var microCase in All)
            microCase.Dispose();
    }
}

/// <summary>The production read loop (<see cref="ReaderWorker"/>: claim an offset from the run's map, read, record the
/// latency; for io_uring <see cref="IoUringReaderWorker"/> at depth <see cref="RingDepth"/>: queue, submit, reap, drain)
/// on one thread, over a file in memory: FlashBench's per-read cost without the device.</summary>
internal sealed class ReadLoopCase : MicroCase
{
    private const int ReadsPerCall = 256;

    private readonly TestFile _file;
    private readonly int _chunk;
    private readonly ReadPath _path;
    private readonly RunReadMap _map;
    private readonly IReaderWorker _worker;
    private ulong _call;

    /// <summary>io_uring's depth here: the depth the default grid faces psync's 32 threads with.</summary>
    public const int RingDepth = 32;

    public ReadLoopCase(TestFile file, ReadMethod method, int chunkBytes)
    {
        _file = file;
        _chunk = chunkBytes;
        Method = method;
        _path = ReadPath.Open(method, file.Path);
        _map = new RunReadMap(file.Bytes, [chunkBytes]);
        _worker = method.HasQueueDepth()
            ? new IoUringReaderWorker((IoUringReadPath)_path, chunkBytes, RingDepth, verify: false, builtOnReaderThread: false)
            : new ReaderWorker(chunkBytes, verify: false);
    }

    public ReadMethod Method { get; }
    public override string Family => "read-path";
    public override string Name => $"{ThroughputRow.SeriesName(Method.Name(), Method.HasQueueDepth() ? RingDepth : 1)} {Units.FormatChunk(_chunk)} warm";
    public override string Description => $"{ReadsPerCall} reads through the production read loop, {Method.Describe()}, file in memory; per read";
    public override int OperationsPerCall => ReadsPerCall;
    public override long? BytesPerOperation => _chunk;

    /// <summary>Why <paramref name="method"/> cannot read <paramref name="file"/> here, or null.</summary>
    public static string? Refusal(ReadMethod method, TestFile file)
    {
        try
        {
            using var path = ReadPath.Open(method, file.Path);
            using var buffer = new Core.Native.AlignedBuffer(4096);
            return path.Read(0, 4096, buffer).Length == 4096 ? null : "a read of 4 KiB came back short";
        }
        catch (IOException e)
        {
            return e.Message;
        }
    }

    public override long Run() =>
        _worker.Read(_path, _map, StableHash.Combine(_file.Header.Seed, _call++), _file.Header, windowTicks: 0, ReadsPerCall, CancellationToken.None).Bytes;

    public override void Dispose()
    {
        _worker.Dispose();
        _path.Dispose();
        base.Dispose();
    }
}

/// <summary>§3.1's window bookkeeping for one OPT 6.7B layer: one token's <see cref="LayerWindow.Advance"/>.</summary>
internal sealed class WindowCase(ActivationTrace trace, int window) : MicroCase
{
    public const int Tokens = 64;

    private readonly LayerWindow _window = new(window, trace.NeuronsPerLayer);
    private int _token;

    public override string Family => "window";
    public override string Name => $"advance k={window}";
    public override string Description => $"one token of LayerWindow.Advance, d_ff {trace.NeuronsPerLayer}, synthetic OPT trace";

    public override long Run()
    {
        int token = _token++;
        var (delete, load) = _window.Advance(token, trace.Predicted(token % trace.Tokens, 0));
        return delete.Length + load.Length;
    }
}

/// <summary>§3.3's slot manager for one OPT 6.7B layer: the deletes and inserts of a window over the trace, replayed; one
/// call runs every token and then empties the matrix, so each call starts where the last began.</summary>
internal sealed class SlotsCase : MicroCase
{
    private readonly SlotNeuronMatrix _matrix;
    private readonly (int[] Delete, int[] Insert)[] _updates;
    private readonly int[] _rows;

    public SlotsCase(ActivationTrace trace, int window, int rowBytes)
    {
        var layer = new LayerWindow(window, trace.NeuronsPerLayer);
        var updates = Enumerable.Range(0, trace.Tokens).Select(t => layer.Advance(t, trace.Predicted(t, 0))).ToList();
        var resident = new HashSet<int>();
        int capacity = 0;
        foreach (var (delete, insert) in updates)
        {
            resident.ExceptWith(delete);
            resident.UnionWith(insert);
            capacity = Math.Max(capacity, resident.Count);
        }
        updates.Add(([.. resident.Order()], []));
        _updates = [.. updates];
        _matrix = new SlotNeuronMatrix(capacity, rowBytes, trace.NeuronsPerLayer);
        _rows = new int[_updates.Max(u => u.Insert.Length)];
        RowBytes = rowBytes;
    }

    public int RowBytes { get; }
    public override string Family => "slots";
    public override string Name => $"update {RowBytes / 1024}K rows";
    public override string Description => $"SlotNeuronMatrix.Update per token (delete = move last row, insert = append), {RowBytes}-byte rows";
    public override int OperationsPerCall => _updates.Length;

    public override long Run()
    {
        long copied = 0;
        foreach (var (delete, insert) in _updates)
            copied += _matrix.Update(delete, insert, _rows).BytesCopied;
        return copied;
    }

    public override void Dispose()
    {
        _matrix.Dispose();
        base.Dispose();
    }
}
