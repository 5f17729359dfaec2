using System.Globalization;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Adapters;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Reporting;
using FlashBench.Reporting.Adapters;
using FlashBench.Reporting.Comparison;

namespace FlashBench.Bench.Experiments.Adapters;

/// <summary>`adapters` (beyond the paper, Apple's June 2024 post): rank-16 LoRA task adapters of AFM-on-device swapped cold
/// from flash in two layouts, swap ms and MB/s beside the raw curve at the swap's read size read in the same round, and the
/// first token after a swap against a steady one. Writes adapters.csv and its run.json section.</summary>
public sealed class AdaptersExperiment : Experiment<AdaptersOptions>
{
    public override string Name => "adapters";

    public override string Description =>
        "Beyond the paper: AFM-on-device rank-16 LoRA adapters swapped cold from flash, per adapter and layout, beside the raw curve at their read size";

    public override int Order => 35;

    public override Type RowType => typeof(AdapterSwapRow);

    public override string CsvFileName => AdapterSwapRow.FileName;

    public override Type BenchmarkType => typeof(AdapterSwapBenchmark);

    public override IReadOnlyList<IExperimentReport> Reports => [new AdaptersReport(Name, CsvFileName)];

    public override IReadOnlyList<IComparisonDescriptor> Comparisons =>
    [
        ComparisonDescriptor.For<AdapterSwapRow>(Name, CsvFileName)
            .Keys(r => r.Model, r => r.Layout, r => r.ReadMethod)
            // a round swaps every adapter once from a fresh copy of the files: each round is a replicate, each task a sample
            .Replicate(r => r.Round)
            .Samples(r => r.Task)
            .Metric(r => r.SwapMBps, MetricDirection.HigherIsBetter)
            .ExcludeWhen(r => r.DeviceState == DeviceStates.Degraded || r.Cache != "cold" || r.CopyReused)
            .Family(r => $"{Name} {r.Layout}")
            .Build(),
    ];

    public override AdaptersOptions Defaults(Profile profile, string dataDirectory) => AdaptersOptions.ForProfile(profile, dataDirectory);

    protected override IOptionBinder<AdaptersOptions> CreateBinder() => new AdaptersOptions.Binder();

    public override IReadOnlyList<DataFile> DataFiles(AdaptersOptions options) => options.DataFiles();

    public override Action<ExperimentContext> Prepare(AdaptersOptions options)
    {
        options.Validate();
        return context => Measure(options, context);
    }

    private void Measure(AdaptersOptions options, ExperimentContext context)
    {
        var geometry = options.Geometry;
        var sides = Sides(options);
        var methods = sides.Select(s => s.Method).Distinct().ToList();
        var controlFile = TestFileGenerator.Ensure(options.DataDirectory, options.ControlFileBytes, settle: SettleOptions.Default);
        // one control region per swap the run may take: every round, BenchmarkDotNet's jitting round included
        int regions = options.Copies * options.Tasks.Count * sides.Count;
        using var control = new ReadControl(methods, controlFile.Path, options.ReadsInFlight, regions, context.Seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"adapters: {options.Tasks.Count} rank-{geometry.Rank} adapters of {options.Model.Name}, {geometry.AdapterBytes / 1e6:0.0} MB each ({geometry.AdapterBlockBytes / 1e6:0.0} MB read), reads of ≤ {options.Chunk / 1024} KiB, {options.ReadsInFlight} in flight; sides: {string.Join(", ", sides.Select(s => s.Name))}; building one base layer for the token compute"));
        using var token = new AdapterToken(geometry, Environment.ProcessorCount, SyntheticModelSeed);
        var plan = new AdaptersPlan(options, sides, token, control, ControlDuration);
        RecordRunInfo(options, context, sides, token, controlFile.Path);
        var measured = context.Measure<AdaptersPlan, AdapterSwapRow>(this, plan);
        foreach (string line in AdaptersReport.HeadlineLines(AdapterPairs.Counted(measured)))
            Console.WriteLine($"  {line}");
    }

    private const ulong SyntheticModelSeed = 0xAF_3B_0000_0001UL;

    /// <summary>At least one round of the control's reads (reads in flight × 8): about as many bytes as a swap reads.</summary>
    private static readonly TimeSpan ControlDuration = TimeSpan.FromMilliseconds(20);

    /// <summary>Every layout × usable method, the method index naming its own copies of the files.</summary>
    private static IReadOnlyList<AdapterSide> Sides(AdaptersOptions options)
    {
        var requested = options.RequestedMethods;
        string probeFile = options.Store(AdapterLayout.PerLayer, 0, 0).Files[0];
        var usable = new List<(ReadMethod Method, int Index)>();
        for (int i = 0; i < requested.Count; i++)
        {
            var support = requested[i].Availability(probeFile);
            if (support.Supported)
                usable.Add((requested[i], i));
            else
                Console.WriteLine($"skipped {requested[i].Name()}: {support.Detail}");
        }
        if (usable.Count == 0 && options.Methods is null)
            usable.Add((ReadMethod.Buffered, 0));
        if (usable.Count == 0)
            throw new UsageException($"--method: none of {string.Join(", ", requested.Select(m => m.Name()))} can read {probeFile} here");
        return AdapterLayouts.All.SelectMany(layout => usable.Select(u => new AdapterSide(layout, u.Method, u.Index))).ToList();
    }

    private void RecordRunInfo(AdaptersOptions options, ExperimentContext context, IReadOnlyList<AdapterSide> sides, AdapterToken token, string controlFile)
    {
        var geometry = options.Geometry;
        context.Record(this, new
        {
            model = options.Model.Name,
            source = "Apple, Introducing Apple's On-Device and Server Foundation Models (June 2024): rank-16 LoRA adapters in 16 bits on the linear layers, 10s of MB each",
            rank = geometry.Rank,
            pieces = geometry.Pieces.Select(p => $"{p.Name} {p.In}→{p.Out}"),
            tasks = options.Tasks,
            adapter_payload_bytes = geometry.AdapterBytes,
            layer_block_bytes = geometry.LayerBlockBytes,
            swap_bytes = geometry.AdapterBlockBytes,
            layouts = AdapterLayouts.All.ToDictionary(l => l.Name(), l => l.Describe()),
            read_methods = sides.Select(s => s.Method.Name()).Distinct(),
            read_paths = sides.Select(s => s.Method).Distinct().Select(m => m.Describe()),
            reads_in_flight = options.ReadsInFlight,
            chunk_bytes = options.Chunk,
            rounds = options.Rounds,
            copies = options.Copies,
            files = options.Stores(sides.Max(s => s.MethodIndex) + 1).SelectMany(s => s.Files),
            storage = Core.Machine.StorageInfo.For(options.Store(AdapterLayout.PerLayer, 0, 0).Files[0]),
            io_control = new { file = controlFile, read_methods = sides.Select(s => s.Method.Name()).Distinct(), reads_in_flight = options.ReadsInFlight,
                note = "read right after each swap's tokens, at the swap's mean read size, one region of the file per swap (never re-read)" },
            tokens = new { base_layer_bytes = token.BaseBytes, compute_threads = token.Threads, simd = SimdWidths.Describe(),
                note = "one layer's base products (q k v o gate up down) weighted by the layer count, plus the adapter's B·(A·x) on every layer from the swapped buffer" },
            order = "per round: adapters rotating, the sides of one adapter next to each other, their order alternating by adapter and round; a fresh copy of the files per round",
        });
    }
}
