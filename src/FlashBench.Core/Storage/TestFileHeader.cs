using System.Buffers.Binary;

namespace FlashBench.Core.Storage;

/// <summary>The first bytes of a test file: magic, format version, total size and pattern seed.
/// The rest of the file (and of the header's page) follows <see cref="TestFilePattern"/>.</summary>
public readonly record struct TestFileHeader(long FileBytes, ulong Seed)
{
    public const int Length = 32;
    public const uint CurrentVersion = 1;
    private static ReadOnlySpan<byte> Magic => "FLSHBNCH"u8;

    public void WriteTo(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], FileBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], Seed);
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out TestFileHeader header)
    {
        header = default;
        if (source.Length < Length || !source[..8].SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt32LittleEndian(source[8..]) != CurrentVersion)
            return false;
        header = new TestFileHeader(
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[24..]));
        return true;
    }

    /// <summary>The bytes a test file holds at <paramref name="fileOffset"/>: the pattern, with the header over its start.</summary>
    public void ExpectedContent(Span<byte> destination, long fileOffset)
    {
        TestFilePattern.Fill(destination, fileOffset, Seed);
        if (fileOffset < Length)
        {
            Span<byte> head = stackalloc byte[Length];
            WriteTo(head);
            int count = (int)Math.Min(Length - fileOffset, destination.Length);
            head.Slice((int)fileOffset, count).CopyTo(destination);
        }
    }
}
