using System.Runtime.InteropServices;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Models;
using FlashBench.Core.PageCache;
using FlashBench.Core.Storage;

namespace FlashBench.Core.Inference.Weights;

/// <summary>The attention weights of the layers a run uses, for the Naive configuration, which reads them
/// from flash every token (the FFN neurons live in the sparse branch's weight files). One 4096-byte header
/// page, then per stored layer its fp16 [Q|K|V|O] block, 4096-aligned so O_DIRECT reads it exactly.</summary>
public sealed record AttentionFile(string Path, ModelShape Shape, IReadOnlyList<int> Layers)
{
    public const int HeaderBytes = 4096;
    public const int Alignment = 4096;

    public AttentionLayout Layout => AttentionLayout.Of(Shape);

    /// <summary>Bytes of one layer's weights.</summary>
    public long WeightBytes => Layout.TotalWeights * sizeof(short);

    /// <summary>Distance between layer blocks; also the (aligned) length read per layer.</summary>
    public long BlockBytes => (WeightBytes + Alignment - 1) / Alignment * Alignment;

    public long FileBytes => HeaderBytes + Layers.Count * BlockBytes;

    /// <summary>Offset of the block of the <paramref name="slot"/>-th stored layer.</summary>
    public long BlockOffset(int slot) => HeaderBytes + slot * BlockBytes;

    public static string FileNameFor(ModelShape shape, IReadOnlyList<int> layers, ulong seed) =>
        $"flashbench-attn-{shape.Name}-l{string.Join('-', layers)}-{seed:x16}.bin";

    /// <summary>The file <see cref="Ensure"/> would return, without writing it: its path and size, and whether a valid
    /// copy is there already.</summary>
    public static (string Path, long Bytes, bool Present) Locate(string dataDirectory, ModelShape shape, IReadOnlyList<int> layers, ulong seed)
    {
        var file = new AttentionFile(System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), FileNameFor(shape, layers, seed)), shape, layers);
        return (file.Path, file.FileBytes, file.IsValid(file.Header(seed)));
    }

    /// <summary>Writes the file unless a valid one (same size and header) exists; fsynced and evicted.</summary>
    public static AttentionFile Ensure(string dataDirectory, ModelShape shape, IReadOnlyList<int> layers, ulong seed)
    {
        Directory.CreateDirectory(dataDirectory);
        var file = new AttentionFile(System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), FileNameFor(shape, layers, seed)), shape, layers);
        byte[] header = file.Header(seed);
        if (file.IsValid(header))
            return file;
        DiskSpace.EnsureRoomFor(dataDirectory, file.FileBytes, $"the {shape.Name} attention file");
        string temporary = file.Path + ".partial";
        file.Write(temporary, new SyntheticModel(shape, seed), header);
        File.Move(temporary, file.Path, overwrite: true);
        PageCacheControl.Evict(file.Path);
        return file;
    }

    private byte[] Header(ulong seed)
    {
        var page = new byte[HeaderBytes];
        System.Text.Encoding.UTF8.GetBytes($"FBATTN v1 {Shape.Name} d_model={Shape.DModel} heads={Shape.Heads} kv_heads={Shape.KvHeads} layers={string.Join(',', Layers)} seed={seed:x16}", page);
        return page;
    }

    private bool IsValid(byte[] header)
    {
        var info = new FileInfo(Path);
        if (!info.Exists || info.Length != FileBytes)
            return false;
        using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var actual = new byte[header.Length];
        return RandomAccess.Read(handle, actual, 0) == actual.Length && actual.AsSpan().SequenceEqual(header);
    }

    private void Write(string path, SyntheticModel model, byte[] header)
    {
        const int blockWeights = 4 << 20;
        var buffer = new Half[blockWeights];
        var bytes = MemoryMarshal.AsBytes(buffer.AsSpan());
        using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, FileBytes))
        {
            RandomAccess.Write(handle, header, 0);
            for (int slot = 0; slot < Layers.Count; slot++)
            {
                long total = Layout.TotalWeights;
                for (long first = 0; first < total; first += blockWeights)
                {
                    int count = (int)Math.Min(blockWeights, total - first);
                    model.FillAttention(Layers[slot], first, buffer.AsSpan(0, count));
                    RandomAccess.Write(handle, bytes[..(count * sizeof(short))], BlockOffset(slot) + first * sizeof(short));
                }
                long tail = BlockBytes - WeightBytes;
                if (tail > 0)
                    RandomAccess.Write(handle, new byte[tail], BlockOffset(slot) + WeightBytes);
            }
            using var stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
            stream.Flush(flushToDisk: true); // fsync: dirty pages cannot be evicted
        }
    }
}
