using FlashBench.Core.Native;

namespace FlashBench.Core.ReadPaths;

/// <summary>One way of reading chunks of one file. Thread-safe: many workers share one instance, each
/// with its own <see cref="AlignedBuffer"/>.</summary>
public abstract class ReadPath : IDisposable
{
    protected ReadPath(string filePath)
    {
        FilePath = filePath;
        FileBytes = new FileInfo(filePath).Length;
    }

    public abstract ReadMethod Method { get; }

    public string FilePath { get; }

    public long FileBytes { get; }

    /// <summary>Brings <paramref name="length"/> bytes at <paramref name="offset"/> into memory and returns them:
    /// in <paramref name="buffer"/> for pread paths, in the mapping (already faulted in) for mmap paths.</summary>
    public abstract ReadOnlySpan<byte> Read(long offset, int length, AlignedBuffer buffer);

    /// <summary>Lets go of pages this path holds itself (mapped pages cannot be evicted), before eviction.</summary>
    public virtual void ReleasePages() { }

    /// <summary>Re-applies the access policy after eviction.</summary>
    public virtual void RestorePolicy() { }

    public static ReadPath Open(ReadMethod method, string filePath) => method switch
    {
        ReadMethod.Direct => new DirectReadPath(filePath),
        ReadMethod.Buffered => new BufferedReadPath(filePath),
        ReadMethod.MmapNormal => new MmapReadPath(filePath, method),
        ReadMethod.MmapRandom => new MmapReadPath(filePath, method),
        ReadMethod.MmapWillNeed => new MmapReadPath(filePath, method),
        ReadMethod.IoUring => new IoUringReadPath(filePath),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }

    protected void CheckRange(long offset, int length)
    {
        if (offset < 0 || length <= 0 || offset + length > FileBytes)
            throw new ArgumentOutOfRangeException(nameof(offset), $"read of {length} bytes at {offset} is outside the {FileBytes}-byte file");
    }
}
