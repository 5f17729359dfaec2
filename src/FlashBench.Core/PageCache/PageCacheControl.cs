using System.Buffers;
using System.IO.MemoryMappedFiles;
using FlashBench.Core.Native;

namespace FlashBench.Core.PageCache;

/// <summary>Evicts a file's pages from the page cache and measures how much of it is resident.
/// Both work without root: <c>posix_fadvise(POSIX_FADV_DONTNEED)</c> drops clean, unmapped pages,
/// and <c>mincore</c> on a mapping of the file reports which pages are cached.</summary>
public static unsafe class PageCacheControl
{
    public static void Evict(string path)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("page-cache eviction uses posix_fadvise and needs Linux");
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        int fd = (int)handle.DangerousGetHandle();
        int rc = Libc.PosixFadvise(fd, 0, 0, Libc.PosixFadvDontNeed);
        if (rc != 0)
            throw new IOException($"posix_fadvise(DONTNEED) on {path} failed: {Libc.ErrorText(rc)}");
    }

    /// <summary>Fraction (0…1) of the file's pages present in the page cache.</summary>
    public static double ResidentFraction(string path)
    {
        long length = new FileInfo(path).Length;
        if (length == 0)
            return 0;
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            return ResidentFraction(pointer + view.PointerOffset, length);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>Fraction of the pages of a page-aligned mapped range that are resident.</summary>
    public static double ResidentFraction(byte* pageAlignedAddress, long length)
    {
        long pageSize = Environment.SystemPageSize;
        long pages = (length + pageSize - 1) / pageSize;
        // One byte per page (2 MiB for an 8 GiB file) twice per iteration: pooled, so it adds no large-object garbage between iterations.
        byte[] vector = ArrayPool<byte>.Shared.Rent(checked((int)pages));
        try
        {
            fixed (byte* v = vector)
            {
                if (Libc.MinCore(pageAlignedAddress, (nuint)length, v) != 0)
                    throw new IOException($"mincore failed: {Libc.ErrorText(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
            }
            long resident = 0;
            foreach (byte b in vector.AsSpan(0, (int)pages))
                resident += b & 1;
            return resident / (double)pages;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(vector);
        }
    }
}
