using System.Runtime.InteropServices;

namespace FlashBench.Core.Memory;

/// <summary>An unmanaged, page-aligned block (so O_DIRECT reads can land in a row: io_uring's loader) of <c>rows × rowBytes</c> bytes, touched at allocation so
/// that its page faults are paid when it is created (§3.3 preallocates for that reason).</summary>
public sealed unsafe class NativeRows : IDisposable
{
    private byte* _pointer;

    public NativeRows(int rows, int rowBytes, bool touch = true)
    {
        Rows = rows;
        RowBytes = rowBytes;
        nuint bytes = (nuint)Math.Max(1L, (long)rows * rowBytes);
        _pointer = (byte*)NativeMemory.AlignedAlloc(bytes, 4096);
        if (touch)
            NativeMemory.Clear(_pointer, bytes);
    }

    public int Rows { get; }
    public int RowBytes { get; }
    public long Bytes => (long)Rows * RowBytes;

    public byte* Row(int row) => _pointer + (long)row * RowBytes;

    public void Dispose()
    {
        if (_pointer != null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }
    }
}
