using FlashBench.Core.PageCache;

namespace FlashBench.Core.Storage;

/// <summary>Creates (or reuses) the file the throughput experiment reads: written by FlashBench
/// itself with <see cref="TestFilePattern"/>, fsynced, evicted from the page cache, and (when asked) left until the
/// device has settled.</summary>
public static class TestFileGenerator
{
    public const ulong DefaultSeed = 0x5EED_F1A5_4B3E_4C11UL;
    private const int WriteBlockBytes = 8 << 20;

    public static string FileNameFor(long bytes, ulong seed) => $"flashbench-read-{Units.FormatChunk(bytes)}-{seed:x16}.bin";

    /// <summary>Returns the path of a valid test file of <paramref name="bytes"/> in
    /// <paramref name="dataDirectory"/>, writing it if absent or wrong. <paramref name="progress"/>
    /// receives the written fraction. With <paramref name="settle"/>, a file just written is not returned before the
    /// device has gone quiet (<see cref="WriteSettle"/>; the wait is in <see cref="TestFile.Settle"/>).</summary>
    public static TestFile Ensure(string dataDirectory, long bytes, ulong seed = DefaultSeed, IProgress<double>? progress = null, SettleOptions? settle = null)
    {
        if (bytes < 1 << 20 || bytes % (1 << 20) != 0)
            throw new ArgumentException("test file size must be a positive multiple of 1 MiB", nameof(bytes));
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(Path.GetFullPath(dataDirectory), FileNameFor(bytes, seed));
        var header = new TestFileHeader(bytes, seed);
        if (IsValid(path, header))
            return new TestFile(path, header, Reused: true);

        DiskSpace.EnsureRoomFor(dataDirectory, bytes - (File.Exists(path) ? new FileInfo(path).Length : 0), $"a {Units.FormatBytes(bytes)} test file");
        string temporary = path + ".partial";
        Write(temporary, header, progress);
        File.Move(temporary, path, overwrite: true);
        PageCacheControl.Evict(path);
        return new TestFile(path, header, Reused: false) { Settle = settle is null ? null : WriteSettle.Wait(path, settle) };
    }

    /// <summary>An existing test file, checked against its own header; throws InvalidDataException otherwise.</summary>
    public static TestFile Open(string path)
    {
        Span<byte> head = stackalloc byte[TestFileHeader.Length];
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            if (RandomAccess.Read(handle, head, 0) != head.Length || !TestFileHeader.TryRead(head, out var header) || !IsValid(path, header))
                throw new InvalidDataException($"{path} is not a valid FlashBench test file");
            return new TestFile(path, header, Reused: true);
        }
    }

    /// <summary>True when the file has the expected size, header, and content at a few sample offsets.</summary>
    public static bool IsValid(string path, TestFileHeader expected)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != expected.FileBytes)
            return false;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> actual = stackalloc byte[4096];
        Span<byte> wanted = stackalloc byte[4096];
        foreach (long offset in new[] { 0, expected.FileBytes / 2 / 4096 * 4096, expected.FileBytes - 4096 })
        {
            if (RandomAccess.Read(handle, actual, offset) != actual.Length)
                return false;
            expected.ExpectedContent(wanted, offset);
            if (!actual.SequenceEqual(wanted))
                return false;
        }
        return true;
    }

    private static void Write(string path, TestFileHeader header, IProgress<double>? progress)
    {
        byte[] block = GC.AllocateUninitializedArray<byte>(WriteBlockBytes);
        using (var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, header.FileBytes))
        {
            for (long offset = 0; offset < header.FileBytes; offset += WriteBlockBytes)
            {
                int length = (int)Math.Min(WriteBlockBytes, header.FileBytes - offset);
                header.ExpectedContent(block.AsSpan(0, length), offset);
                RandomAccess.Write(handle, block.AsSpan(0, length), offset);
                progress?.Report((offset + length) / (double)header.FileBytes);
            }
            using var stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
            stream.Flush(flushToDisk: true); // fsync: dirty pages cannot be evicted
        }
    }
}

public sealed record TestFile(string Path, TestFileHeader Header, bool Reused)
{
    public long Bytes => Header.FileBytes;

    /// <summary>How long the device was left to settle after this file was written; null when it was reused or not asked.</summary>
    public SettleResult? Settle { get; init; }
}
