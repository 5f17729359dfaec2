using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using FlashBench.Core.Native;

namespace FlashBench.Core.ReadPaths;

/// <summary>A read-only mapping of the whole file; a read touches one byte per page of the chunk so that
/// every page is faulted in before the bytes are returned.</summary>
public sealed unsafe class MmapReadPath : ReadPath
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly int _pageSize = Environment.SystemPageSize;

    public MmapReadPath(string filePath, ReadMethod method) : base(filePath)
    {
        if (method is not (ReadMethod.MmapNormal or ReadMethod.MmapRandom or ReadMethod.MmapWillNeed))
            throw new ArgumentOutOfRangeException(nameof(method));
        Method = method;
        _map = MemoryMappedFile.CreateFromFile(filePath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, FileBytes, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
        RestorePolicy();
    }

    public override ReadMethod Method { get; }

    private int Policy => Method == ReadMethod.MmapNormal ? Libc.MadvNormal : Libc.MadvRandom;

    public override ReadOnlySpan<byte> Read(long offset, int length, AlignedBuffer buffer)
    {
        CheckRange(offset, length);
        byte* start = _base + offset;
        if (Method == ReadMethod.MmapWillNeed)
        {
            long alignedStart = offset / _pageSize * _pageSize;
            Advise(_base + alignedStart, length + (offset - alignedStart), Libc.MadvWillNeed);
        }
        int sink = 0;
        for (int i = 0; i < length; i += _pageSize)
            sink += Volatile.Read(ref start[i]);
        sink += Volatile.Read(ref start[length - 1]);
        GC.KeepAlive(sink);
        return new ReadOnlySpan<byte>(start, length);
    }

    public override void ReleasePages() => Advise(_base, FileBytes, Libc.MadvDontNeed);

    public override void RestorePolicy() => Advise(_base, FileBytes, Policy);

    private static void Advise(byte* address, long length, int advice)
    {
        if (Libc.MAdvise(address, (nuint)length, advice) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"madvise({advice}) failed: {Libc.ErrorText(errno)}");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
    }
}
