using System.CommandLine;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Throughput;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.Adapters;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;

namespace FlashBench.Bench.Experiments.Adapters;

/// <summary>The validated settings of one adapters run: the profile's defaults, overridden by options.</summary>
public sealed record AdaptersOptions
{
    public const ulong BaseSeed = 0xAD_A9_7E_25_0000_0000UL;

    public required ModelShape Model { get; init; }
    public int Rank { get; init; } = LoraGeometry.DefaultRank;
    public IReadOnlyList<string> Tasks { get; init; } = AdapterTasks.All;
    /// <summary>Measured rounds: each swaps every adapter once in every layout and method.</summary>
    public required int Rounds { get; init; }
    public required string DataDirectory { get; init; }
    /// <summary>The read methods; null: direct and io_uring, those that work here (direct, else buffered, if neither does).</summary>
    public IReadOnlyList<ReadMethod>? Methods { get; init; }
    /// <summary>Reader threads for the blocking methods, the ring's depth for io_uring; the control reads with as many.</summary>
    public int ReadsInFlight { get; init; } = 4;
    /// <summary>Largest read of a swap; null: one layer block (so a per-layer swap reads each layer's block in one read).</summary>
    public int? ChunkBytes { get; init; }
    /// <summary>The I/O control's file: the throughput experiment's test file of the profile.</summary>
    public required long ControlFileBytes { get; init; }

    public LoraGeometry Geometry => new(Model, Rank);

    public int Chunk => ChunkBytes ?? (int)Geometry.LayerBlockBytes;

    /// <summary>Copies of the adapter files per method, one per round (the cold-I/O job runs no separate jitting round). Each
    /// copy is read once, so no swap re-reads bytes an earlier one read (a cache below the VM serves re-reads: README,
    /// latency); a round measured again reads a copy again and its rows say so (copy_reused).</summary>
    public int Copies => Rounds;

    public static AdaptersOptions ForProfile(Profile profile, string dataDirectory) => new()
    {
        Model = ModelShapes.Afm3B,
        Rounds = profile switch { Profile.Quick => 1, Profile.Standard => 2, _ => 5 },
        DataDirectory = dataDirectory,
        Methods = profile == Profile.Quick ? [ReadMethod.Direct] : null,
        ControlFileBytes = ThroughputOptions.ForProfile(profile, dataDirectory).FileBytes,
    };

    /// <summary>The seed of copy <paramref name="copy"/> of method <paramref name="methodIndex"/>'s files.</summary>
    public static ulong Seed(int methodIndex, int copy) => BaseSeed + ((ulong)methodIndex << 16) + (ulong)copy;

    public AdapterStore Store(AdapterLayout layout, int methodIndex, int copy) =>
        new(DataDirectory, Geometry, Tasks, layout, Seed(methodIndex, copy));

    /// <summary>Every store a run of <paramref name="methods"/> methods reads.</summary>
    public IEnumerable<AdapterStore> Stores(int methods) =>
        from m in Enumerable.Range(0, methods)
        from c in Enumerable.Range(0, Copies)
        from layout in AdapterLayouts.All
        select Store(layout, m, c);

    /// <summary>The requested methods, or the default list; before availability is known (data files are listed first).</summary>
    public IReadOnlyList<ReadMethod> RequestedMethods => Methods ?? [ReadMethod.Direct, ReadMethod.IoUring];

    public IReadOnlyList<DataFile> DataFiles()
    {
        var files = new List<DataFile> { DataFile.TestFile(DataDirectory, ControlFileBytes, TestFileGenerator.DefaultSeed) };
        foreach (var store in Stores(RequestedMethods.Count))
        {
            for (int f = 0; f < store.Files.Count; f++)
            {
                int index = f;
                files.Add(new DataFile(store.Files[f], store.FileBytes, AdapterFiles.IsValid(store, f), _ => AdapterFiles.EnsureFile(store, index)));
            }
        }
        return files;
    }

    public void Validate()
    {
        if (Rounds < 1)
            throw new UsageException("--rounds must be at least 1");
        if (ReadsInFlight < 1)
            throw new UsageException("--threads must be at least 1");
        if (ChunkBytes is { } chunk && (chunk < LoraGeometry.Alignment || chunk % LoraGeometry.Alignment != 0 || chunk > 64 << 20))
            throw new UsageException($"--chunk: {chunk} bytes must be a multiple of 4096 from 4K to 64M");
    }

    /// <summary>The adapters command's own options.</summary>
    public sealed class Binder : IOptionBinder<AdaptersOptions>
    {
        private readonly Option<string?> _rounds = new("--rounds") { Description = "Measured rounds, each swapping every adapter once per layout and method (default 1 quick, 2 standard, 5 full); each round reads a fresh copy of the files" };
        private readonly Option<string?> _method = new("--method") { Description = $"Read methods, comma-separated: {ReadMethods.NameList} (default: direct and io_uring, those that work here; --quick: direct)" };
        private readonly Option<string?> _threads = new("--threads") { Description = "Reads in flight: reader threads, or the io_uring ring's depth (default 4; the control reads with as many)" };
        private readonly Option<string?> _chunk = new("--chunk") { Description = "Largest read of a swap, e.g. 1M (default: one layer block of the adapter, 1684 KiB for afm-3b)" };

        public IEnumerable<Option> Options => [_rounds, _method, _threads, _chunk];

        public AdaptersOptions Apply(AdaptersOptions options, ParseResult parse)
        {
            if (parse.GetValue(_rounds) is { } rounds)
                options = options with { Rounds = ValueParsers.One(rounds, "--rounds", 100) };
            if (parse.GetValue(_method) is { } method)
                options = options with { Methods = ValueParsers.Methods(method, "--method") };
            if (parse.GetValue(_threads) is { } threads)
                options = options with { ReadsInFlight = ValueParsers.One(threads, "--threads", 256) };
            if (parse.GetValue(_chunk) is { } chunk)
                options = options with { ChunkBytes = (int)Math.Min(int.MaxValue, ValueParsers.Bytes(chunk, "--chunk")) };
            return options;
        }
    }
}
