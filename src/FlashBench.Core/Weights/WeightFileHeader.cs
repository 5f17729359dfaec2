using System.Buffers.Binary;
using System.Text;
using FlashBench.Core.Models;

namespace FlashBench.Core.Weights;

/// <summary>The first page of a weight file. Little-endian fields:
/// 0 magic "FBWEIGHT" · 8 version u32 · 12 layout u32 (0 separate, 1 bundled) · 16 layers i32 · 20 d_model i32 ·
/// 24 d_ff i32 · 28 parts i32 · 32 precision bits×2 i32 · 36 part length i32 · 40 file bytes i64 · 48 seed u64 ·
/// 56 model name (32 bytes UTF-8, zero-padded) · 88 base model name (32 bytes). The rest of the page is filler.</summary>
public sealed record WeightFileHeader(WeightFileFormat Format, ulong Seed)
{
    public const uint CurrentVersion = 1;
    private const int NameBytes = 32;
    private static ReadOnlySpan<byte> Magic => "FBWEIGHT"u8;

    public void WriteTo(Span<byte> page)
    {
        page[..WeightFileFormat.HeaderBytes].Fill(NeuronContent.Filler);
        page[..128].Clear();
        Magic.CopyTo(page);
        BinaryPrimitives.WriteUInt32LittleEndian(page[8..], CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(page[12..], (uint)Format.Layout);
        BinaryPrimitives.WriteInt32LittleEndian(page[16..], Format.Layers);
        BinaryPrimitives.WriteInt32LittleEndian(page[20..], Format.DModel);
        BinaryPrimitives.WriteInt32LittleEndian(page[24..], Format.NeuronsPerLayer);
        BinaryPrimitives.WriteInt32LittleEndian(page[28..], Format.Parts);
        BinaryPrimitives.WriteInt32LittleEndian(page[32..], (int)Math.Round(Format.Precision.BitsPerWeight * 2));
        BinaryPrimitives.WriteInt32LittleEndian(page[36..], Format.PartLength);
        BinaryPrimitives.WriteInt64LittleEndian(page[40..], Format.FileBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(page[48..], Seed);
        WriteName(page.Slice(56, NameBytes), Format.Shape.Name);
        WriteName(page.Slice(88, NameBytes), Format.Shape.ScaledFrom ?? Format.Shape.Name);
    }

    /// <summary>Parses a header page; throws <see cref="InvalidDataException"/> with one line naming what is wrong.</summary>
    public static WeightFileHeader Read(ReadOnlySpan<byte> page, string path)
    {
        if (page.Length < 128 || !page[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is not a FlashBench weight file (bad magic)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(page[8..]);
        if (version != CurrentVersion)
            throw new InvalidDataException($"{path}: weight file version {version} is not supported (expected {CurrentVersion})");
        uint layoutValue = BinaryPrimitives.ReadUInt32LittleEndian(page[12..]);
        if (layoutValue > 1)
            throw new InvalidDataException($"{path}: unknown layout {layoutValue}");
        int layers = BinaryPrimitives.ReadInt32LittleEndian(page[16..]);
        int dModel = BinaryPrimitives.ReadInt32LittleEndian(page[20..]);
        int dFf = BinaryPrimitives.ReadInt32LittleEndian(page[24..]);
        int parts = BinaryPrimitives.ReadInt32LittleEndian(page[28..]);
        int halfBits = BinaryPrimitives.ReadInt32LittleEndian(page[32..]);
        long fileBytes = BinaryPrimitives.ReadInt64LittleEndian(page[40..]);
        ulong seed = BinaryPrimitives.ReadUInt64LittleEndian(page[48..]);
        string name = ReadName(page.Slice(56, NameBytes));
        string baseName = ReadName(page.Slice(88, NameBytes));
        if (layers <= 0 || dModel <= 0 || dFf <= 0 || parts is not (2 or 3))
            throw new InvalidDataException($"{path}: implausible shape in header ({layers} layers, d_model {dModel}, d_ff {dFf}, {parts} parts)");
        var precision = Precision.All.FirstOrDefault(p => (int)Math.Round(p.BitsPerWeight * 2) == halfBits);
        if (precision.Name is null || !WeightFileFormat.IsSupported(precision))
            throw new InvalidDataException($"{path}: unsupported precision ({halfBits / 2.0} bits per weight)");
        var shape = ShapeFor(name, baseName, layers, dModel, dFf, parts == 3);
        var format = new WeightFileFormat(shape, precision, (WeightLayout)layoutValue);
        if (format.FileBytes != fileBytes)
            throw new InvalidDataException($"{path}: header says {fileBytes} bytes but its shape needs {format.FileBytes}");
        return new WeightFileHeader(format, seed);
    }

    /// <summary>The known shape the header names (scaled to its layer count), or a bare shape with the header's dimensions.</summary>
    private static ModelShape ShapeFor(string name, string baseName, int layers, int dModel, int dFf, bool gated)
    {
        if (ModelShapes.TryGet(baseName, out var known) && known.DModel == dModel && known.DFf == dFf && known.GatedFfn == gated
            && layers <= known.Layers)
            return known.WithLayers(layers);
        return new ModelShape
        {
            Name = name, PaperName = name, Layers = layers, DModel = dModel, DFf = dFf, Heads = 1, KvHeads = 1, Vocab = 1,
            GatedFfn = gated, PaperWindow = 4, PaperDramFraction = 0.5, PredictorRank = _ => 0,
        };
    }

    private static void WriteName(Span<byte> destination, string name)
    {
        destination.Clear();
        int count = Encoding.UTF8.GetBytes(name.AsSpan(0, Math.Min(name.Length, NameBytes)), destination);
        _ = count;
    }

    private static string ReadName(ReadOnlySpan<byte> source)
    {
        int end = source.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? source : source[..end]);
    }
}
