using FlashBench.Core.Models;
using FlashBench.Core.Storage;
using Microsoft.Win32.SafeHandles;

namespace FlashBench.Core.Weights;

/// <summary>Writes (or reuses) the FFN weight file of a shape, precision and layout: free space checked
/// first, written with progress through <see cref="PartialFile"/> (fsynced, renamed, evicted from the page cache).</summary>
public static class WeightFileGenerator
{
    public const ulong DefaultSeed = 0x11_2312_1151_4F_F0UL;
    private const int BatchBytes = 16 << 20;

    public static string FileNameFor(WeightFileFormat format, ulong seed) =>
        $"flashbench-ffn-{format.Shape.Name}-{format.Precision.Name}-{format.Layout.Name()}-{seed:x16}.bin";

    /// <summary>Where <see cref="Ensure"/> puts the file of <paramref name="format"/>.</summary>
    public static string PathFor(string dataDirectory, WeightFileFormat format, ulong seed = DefaultSeed) =>
        Path.Combine(Path.GetFullPath(dataDirectory), FileNameFor(format, seed));

    public static WeightFile Ensure(string dataDirectory, ModelShape shape, Precision precision, WeightLayout layout,
        ulong seed = DefaultSeed, IProgress<double>? progress = null)
    {
        var format = new WeightFileFormat(shape, precision, layout);
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(Path.GetFullPath(dataDirectory), FileNameFor(format, seed));
        if (IsValid(path, format, seed))
        {
            progress?.Report(1.0);
            return new WeightFile(path, format, seed, Reused: true);
        }
        long existing = File.Exists(path) ? new FileInfo(path).Length : 0;
        DiskSpace.EnsureRoomFor(dataDirectory, format.FileBytes - existing, $"the weight file {Path.GetFileName(path)} ({Units.FormatBytes(format.FileBytes)})");
        PartialFile.Write(path, format.FileBytes, handle => Write(handle, format, seed, progress));
        return new WeightFile(path, format, seed, Reused: false);
    }

    /// <summary>True when <paramref name="path"/> has the expected header, length and content at sample neurons.</summary>
    public static bool IsValid(string path, WeightFileFormat format, ulong seed)
    {
        WeightFile file;
        try
        {
            file = WeightFile.Open(path);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException or IOException)
        {
            return false;
        }
        if (file.Seed != seed || file.Format.Describe() != format.Describe() || file.Format.Shape.Name != format.Shape.Name)
            return false;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        byte[] actual = new byte[format.PartBytes];
        byte[] wanted = new byte[format.PartBytes];
        int last = format.NeuronsPerLayer - 1;
        foreach (var (layer, neuron) in new[] { (0, 0), (format.Layers / 2, last / 2), (format.Layers - 1, last) })
        {
            for (int part = 0; part < format.Parts; part++)
            {
                if (RandomAccess.Read(handle, actual, format.PartOffset(layer, neuron, part)) != actual.Length)
                    return false;
                NeuronContent.Fill(wanted, seed, format.Precision, layer, neuron, part);
                if (!actual.AsSpan().SequenceEqual(wanted))
                    return false;
            }
        }
        return true;
    }

    private static void Write(SafeFileHandle handle, WeightFileFormat format, ulong seed, IProgress<double>? progress)
    {
        byte[] page = new byte[WeightFileFormat.HeaderBytes];
        new WeightFileHeader(format, seed).WriteTo(page);
        RandomAccess.Write(handle, page, 0);
        int unit = format.Layout == WeightLayout.Bundled ? format.BundleStride : format.PartStride;
        int perBatch = Math.Max(1, BatchBytes / unit);
        byte[] batch = GC.AllocateUninitializedArray<byte>(perBatch * unit);
        int regionsPerLayer = format.Layout == WeightLayout.Bundled ? 1 : format.Parts;
        long written = 0;
        for (int layer = 0; layer < format.Layers; layer++)
        {
            for (int region = 0; region < regionsPerLayer; region++)
            {
                for (int first = 0; first < format.NeuronsPerLayer; first += perBatch)
                {
                    int count = Math.Min(perBatch, format.NeuronsPerLayer - first);
                    int l = layer, r = region, f = first;
                    System.Threading.Tasks.Parallel.For(0, count, i =>
                        FillUnit(batch.AsSpan(i * unit, unit), format, seed, l, f + i, r));
                    long offset = format.Layout == WeightLayout.Bundled ? format.BundleOffset(layer, first) : format.PartOffset(layer, first, region);
                    RandomAccess.Write(handle, batch.AsSpan(0, count * unit), offset);
                    written += (long)count * unit;
                    progress?.Report(written / (double)(format.FileBytes - WeightFileFormat.HeaderBytes));
                }
            }
        }
    }

    /// <summary>One separate-layout part slot, or one bundle, with its padding filled by the filler byte.</summary>
    private static void FillUnit(Span<byte> unit, WeightFileFormat format, ulong seed, int layer, int neuron, int region)
    {
        unit.Fill(NeuronContent.Filler);
        if (format.Layout == WeightLayout.Separate)
        {
            NeuronContent.Fill(unit[..format.PartBytes], seed, format.Precision, layer, neuron, region);
            return;
        }
        for (int part = 0; part < format.Parts; part++)
            NeuronContent.Fill(unit.Slice(part * format.PartLength, format.PartBytes), seed, format.Precision, layer, neuron, part);
    }
}
