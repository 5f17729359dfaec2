using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using FlashBench.Core.PageCache;
using FlashBench.Core.Storage;

namespace FlashBench.Core.Inference.Weights;

/// <summary>Writes (or reuses) the fp16 weight file for a <see cref="WeightFileLayout"/> and seed: header
/// page with a JSON description, then the synthetic weights; fsynced and evicted, so the first measured
/// read comes from the device.</summary>
public static class WeightFileWriter
{
    private const int WriteBlockBytes = 8 << 20;
    private static ReadOnlySpan<byte> Magic => "FBWEIGHT"u8;

    public static string FileNameFor(WeightFileLayout layout, ulong seed)
    {
        string layers = layout.Layers.Count == layout.Shape.Layers ? "all" : string.Join('-', layout.Layers);
        return $"flashbench-weights-{layout.Shape.Name}-l{layers}-{layout.Name}{(layout.WithAttention ? "-attn" : "")}-{seed:x16}.bin";
    }

    public static string Ensure(string dataDirectory, WeightFileLayout layout, ulong seed)
    {
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(Path.GetFullPath(dataDirectory), FileNameFor(layout, seed));
        byte[] header = Header(layout, seed);
        if (IsValid(path, layout, header))
            return path;
        DiskSpace.EnsureRoomFor(dataDirectory, layout.FileBytes, $"the {layout.Shape.Name} weight file");
        string temporary = path + ".partial";
        Write(temporary, layout, new SyntheticModel(layout.Shape, seed), header);
        File.Move(temporary, path, overwrite: true);
        PageCacheControl.Evict(path);
        return path;
    }

    private static byte[] Header(WeightFileLayout layout, ulong seed)
    {
        var page = new byte[WeightFileLayout.HeaderBytes];
        Magic.CopyTo(page);
        string json = JsonSerializer.Serialize(new
        {
            version = 1,
            model = layout.Shape.Name,
            d_model = layout.Shape.DModel,
            d_ff = layout.Shape.DFf,
            heads = layout.Shape.Heads,
            kv_heads = layout.Shape.KvHeads,
            gated = layout.Shape.GatedFfn,
            layers = layout.Layers,
            layout = layout.Name,
            attention = layout.WithAttention,
            seed = seed.ToString("x16"),
            bytes_per_weight = WeightFileLayout.BytesPerWeight,
        });
        Encoding.UTF8.GetBytes(json, page.AsSpan(Magic.Length));
        return page;
    }

    private static bool IsValid(string path, WeightFileLayout layout, byte[] header)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != layout.FileBytes)
            return false;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var actual = new byte[header.Length];
        return RandomAccess.Read(handle, actual, 0) == actual.Length && actual.AsSpan().SequenceEqual(header);
    }

    private static void Write(string path, WeightFileLayout layout, SyntheticModel model, byte[] header)
    {
        var block = new byte[WriteBlockBytes];
        using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, layout.FileBytes))
        {
            RandomAccess.Write(handle, header, 0);
            foreach (int layer in layout.Layers)
            {
                if (layout.WithAttention)
                    WriteAttention(handle, layout, model, layer, block);
                if (layout.Bundled)
                    WriteBundles(handle, layout, model, layer, block);
                else
                    WriteSections(handle, layout, model, layer, block);
            }
            using var stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
            stream.Flush(flushToDisk: true); // fsync: dirty pages cannot be evicted
        }
    }

    private static void WriteAttention(Microsoft.Win32.SafeHandles.SafeFileHandle handle, WeightFileLayout layout, SyntheticModel model, int layer, byte[] block)
    {
        long total = layout.Attention.TotalWeights;
        long offset = layout.AttentionOffset(layer);
        int perBlock = block.Length / WeightFileLayout.BytesPerWeight;
        for (long first = 0; first < total; first += perBlock)
        {
            int count = (int)Math.Min(perBlock, total - first);
            var values = MemoryMarshal.Cast<byte, Half>(block.AsSpan(0, count * WeightFileLayout.BytesPerWeight));
            model.FillAttention(layer, first, values);
            RandomAccess.Write(handle, block.AsSpan(0, count * WeightFileLayout.BytesPerWeight), offset + first * WeightFileLayout.BytesPerWeight);
        }
    }

    private static void WriteBundles(Microsoft.Win32.SafeHandles.SafeFileHandle handle, WeightFileLayout layout, SyntheticModel model, int layer, byte[] block)
    {
        int stride = (int)layout.BundleStride;
        int perBlock = block.Length / stride;
        int dFf = layout.Shape.DFf;
        for (int first = 0; first < dFf; first += perBlock)
        {
            int count = Math.Min(perBlock, dFf - first);
            Array.Clear(block);
            for (int i = 0; i < count; i++)
                model.FillRow(layer, first + i, MemoryMarshal.Cast<byte, Half>(block.AsSpan(i * stride, stride)));
            RandomAccess.Write(handle, block.AsSpan(0, count * stride), layout.BundleOffset(layer, first));
        }
    }

    private static void WriteSections(Microsoft.Win32.SafeHandles.SafeFileHandle handle, WeightFileLayout layout, SyntheticModel model, int layer, byte[] block)
    {
        int stride = (int)layout.VectorStride;
        int perBlock = block.Length / stride;
        int dFf = layout.Shape.DFf;
        for (int matrix = 0; matrix < layout.Rows.Matrices; matrix++)
        {
            for (int first = 0; first < dFf; first += perBlock)
            {
                int count = Math.Min(perBlock, dFf - first);
                Array.Clear(block);
                for (int i = 0; i < count; i++)
                    model.FillVector(layer, matrix, first + i, MemoryMarshal.Cast<byte, Half>(block.AsSpan(i * stride, stride)));
                RandomAccess.Write(handle, block.AsSpan(0, count * stride), layout.VectorOffset(layer, matrix, first));
            }
        }
    }
}
