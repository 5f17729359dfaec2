using System.Runtime.InteropServices;

namespace FlashBench.Core.Native;

/// <summary>Page-aligned native memory: O_DIRECT needs the buffer, offset and length aligned to the
/// device's logical block; one page covers every block size in use.</summary>
public sealed unsafe class AlignedBuffer : IDisposable
{
    public const int Alignment = 4096;

    private byte* _pointer;

    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = length;
        _pointer = (byte*)NativeMemory.AlignedAlloc((nuint)length, Alignment);
        // Touch every page now so that first-use page faults do not land inside a measured read.
        new Span<byte>(_pointer, length).Fill(0xA5);
    }

    public int Length { get; }

    public byte* Pointer => _pointer != null ? _pointer : throw new ObjectDisposedException(nameof(AlignedBuffer));

    public Span<byte> Span => new(Pointer, Length);

    public void Dispose()
    {
        if (_pointer != null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }
    }
}
