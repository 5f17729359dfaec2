using FlashBench.Core.Storage;

namespace FlashBench.Core.Adapters;

/// <summary>Writes (or reuses) the files of an <see cref="AdapterStore"/>: every byte written (header page, blocks, padding:
/// nothing sparse that would read as zeros without touching the device) through <see cref="PartialFile"/>.</summary>
public static class AdapterFiles
{
    private const int BlocksPerBatch = 8;

    /// <summary>Whether file <paramref name="fileIndex"/> of <paramref name="store"/> is there with the expected length,
    /// header and last block.</summary>
    public static bool IsValid(AdapterStore store, int fileIndex)
    {
        string path = store.Files[fileIndex];
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != store.FileBytes)
            return false;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var header = AdapterContent.Header(store.HeaderText(fileIndex));
        var actual = new byte[header.Length];
        if (RandomAccess.Read(handle, actual, 0) != actual.Length || !actual.AsSpan().SequenceEqual(header))
            return false;
        int adapter = store.Layout == AdapterLayout.PerAdapter ? fileIndex : store.Tasks.Count - 1, layer = store.Geometry.Shape.Layers - 1;
        var block = new byte[store.Geometry.LayerBlockBytes];
        var wanted = new byte[block.Length];
        AdapterContent.FillLayer(wanted, store.Geometry, store.Seed, adapter, layer);
        return RandomAccess.Read(handle, block, store.BlockOffset(adapter, layer)) == block.Length && block.AsSpan().SequenceEqual(wanted);
    }

    /// <summary>Writes every file of <paramref name="store"/> that is missing or invalid.</summary>
    public static void Ensure(AdapterStore store, IProgress<double>? progress = null)
    {
        System.IO.Directory.CreateDirectory(store.Directory);
        var files = store.Files;
        for (int f = 0; f < files.Count; f++)
        {
            EnsureFile(store, f);
            progress?.Report((f + 1) / (double)files.Count);
        }
    }

    /// <summary>Writes file <paramref name="fileIndex"/> of <paramref name="store"/> unless a valid copy is there.</summary>
    public static void EnsureFile(AdapterStore store, int fileIndex)
    {
        if (IsValid(store, fileIndex))
            return;
        System.IO.Directory.CreateDirectory(store.Directory);
        string path = store.Files[fileIndex];
        long existing = File.Exists(path) ? new FileInfo(path).Length : 0;
        DiskSpace.EnsureRoomFor(store.Directory, store.FileBytes - existing, $"the adapter file {Path.GetFileName(path)} ({Units.FormatBytes(store.FileBytes)})");
        Write(store, fileIndex);
    }

    /// <summary>The (adapter, layer) of every block of file <paramref name="fileIndex"/>, in file order.</summary>
    public static IReadOnlyList<(int Adapter, int Layer)> BlocksOf(AdapterStore store, int fileIndex)
    {
        int layers = store.Geometry.Shape.Layers;
        return store.Layout == AdapterLayout.PerAdapter
            ? Enumerable.Range(0, layers).Select(l => (fileIndex, l)).ToList()
            : Enumerable.Range(0, layers).SelectMany(l => Enumerable.Range(0, store.Tasks.Count).Select(a => (a, l))).ToList();
    }

    private static void Write(AdapterStore store, int fileIndex)
    {
        var blocks = BlocksOf(store, fileIndex);
        int blockBytes = (int)store.Geometry.LayerBlockBytes;
        byte[] batch = GC.AllocateUninitializedArray<byte>(BlocksPerBatch * blockBytes);
        PartialFile.Write(store.Files[fileIndex], store.FileBytes, handle =>
        {
            RandomAccess.Write(handle, AdapterContent.Header(store.HeaderText(fileIndex)), 0);
            for (int first = 0; first < blocks.Count; first += BlocksPerBatch)
            {
                int count = Math.Min(BlocksPerBatch, blocks.Count - first), start = first;
                System.Threading.Tasks.Parallel.For(0, count, i => AdapterContent.FillLayer(batch.AsSpan(i * blockBytes, blockBytes), store.Geometry, store.Seed,
                    blocks[start + i].Adapter, blocks[start + i].Layer));
                RandomAccess.Write(handle, batch.AsSpan(0, count * blockBytes), AdapterStore.HeaderBytes + (long)first * blockBytes);
            }
        });
    }
}
