using System.Runtime.InteropServices;
using System.Text;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.PageCache;
using FlashBench.Core.Results;

namespace FlashBench.Core.Inference.OnDevice;

/// <summary>The FFN weights of every layer of an <see cref="OnDeviceWeights"/> model in one file, as they sit in DRAM, for
/// direct reads: a 4 KiB header, then per layer the gate-up matrix's packed indices, down's, and both matrices' packed
/// palettes (<see cref="PalettizedMatrix.CopyPalettes"/>), each region from a 4 KiB boundary (zero padding).</summary>
public sealed record FfnFile(string Path, long GateUpIndexBytes, long DownIndexBytes, int GateUpPaletteBytes, int DownPaletteBytes, int Layers)
{
    public const int Block = PalettizedMatrix.ReadAlignment;

    private const string Magic = "FLASHBENCH-FFN-Q3.5";

    public long GateUpRegion => Round(GateUpIndexBytes);
    public long DownRegion => Round(DownIndexBytes);
    public long PaletteRegion => Round(GateUpPaletteBytes + DownPaletteBytes);
    public long LayerStride => GateUpRegion + DownRegion + PaletteRegion;
    public long TotalBytes => Block + Layers * LayerStride;

    /// <summary>Weight bytes of one layer's FFN (indices and palettes, no padding): what a token reads per layer.</summary>
    public long LayerWeightBytes => GateUpIndexBytes + DownIndexBytes + GateUpPaletteBytes + DownPaletteBytes;

    public long LayerOffset(int layer) => Block + layer * LayerStride;

    public static long Round(long bytes) => (bytes + Block - 1) / Block * Block;

    public static FfnFile For(string path, OnDeviceWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var first = weights.Layers[0];
        return new FfnFile(path, first.GateUp.IndexBytes, first.Down.IndexBytes, first.GateUp.PaletteBytes, first.Down.PaletteBytes, weights.Layers.Count);
    }

    /// <summary>The file of <paramref name="weights"/> in <paramref name="directory"/>: reused when its header and length
    /// match, else written (temp then rename) and evicted from the page cache.</summary>
    public static FfnFile Ensure(string directory, OnDeviceWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Directory.CreateDirectory(directory);
        string path = System.IO.Path.Combine(directory, $"{weights.Shape.Name}-q3.5-ffn-{weights.Seed:x16}.bin");
        var file = For(path, weights);
        if (!file.Matches(weights))
            file.Write(weights);
        return file;
    }

    private string Header(OnDeviceWeights weights) =>
        $"{Magic} {weights.Shape.Name} layers={Layers} d_model={weights.Shape.DModel} d_ff={weights.Shape.DFf} seed={weights.Seed:x16}\n";

    private bool Matches(OnDeviceWeights weights)
    {
        if (!File.Exists(Path) || new FileInfo(Path).Length != TotalBytes)
            return false;
        var header = Encoding.ASCII.GetBytes(Header(weights));
        var read = new byte[header.Length];
        using var stream = File.OpenRead(Path);
        stream.ReadExactly(read);
        return read.AsSpan().SequenceEqual(header);
    }

    private void Write(OnDeviceWeights weights)
    {
        AtomicFile.Write(Path, stream =>
        {
            var block = new byte[Block];
            Encoding.ASCII.GetBytes(Header(weights)).CopyTo(block, 0);
            stream.Write(block);
            var palettes = new Half[(GateUpPaletteBytes + DownPaletteBytes) / 2];
            foreach (var layer in weights.Layers)
            {
                WritePadded(stream, layer.GateUp.PackedIndices);
                WritePadded(stream, layer.Down.PackedIndices);
                layer.GateUp.CopyPalettes(palettes);
                layer.Down.CopyPalettes(palettes.AsSpan(GateUpPaletteBytes / 2));
                WritePadded(stream, MemoryMarshal.AsBytes(palettes.AsSpan()));
            }
        });
        PageCacheControl.Evict(Path);
    }

    private static void WritePadded(Stream stream, ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        long pad = Round(bytes.Length) - bytes.Length;
        if (pad > 0)
            stream.Write(new byte[pad]);
    }
}
