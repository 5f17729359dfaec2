namespace FlashBench.Core.Weights;

/// <summary>A validated weight file on disk: its path, format and content seed.</summary>
public sealed record WeightFile(string Path, WeightFileFormat Format, ulong Seed, bool Reused = true)
{
    public long Bytes => Format.FileBytes;

    /// <summary>Opens an existing weight file; a missing, foreign, truncated or inconsistent file is refused
    /// with an <see cref="InvalidDataException"/> (or <see cref="FileNotFoundException"/>) of one line.</summary>
    public static WeightFile Open(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new FileNotFoundException($"weight file not found: {path}", path);
        if (info.Length < WeightFileFormat.HeaderBytes)
            throw new InvalidDataException($"{path} is truncated: {info.Length} bytes, shorter than the {WeightFileFormat.HeaderBytes}-byte header");
        byte[] page = new byte[WeightFileFormat.HeaderBytes];
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            RandomAccess.Read(handle, page, 0);
        var header = WeightFileHeader.Read(page, path);
        if (info.Length != header.Format.FileBytes)
            throw new InvalidDataException($"{path} is truncated or overlong: {info.Length} bytes, its header needs {header.Format.FileBytes}");
        return new WeightFile(System.IO.Path.GetFullPath(path), header.Format, header.Seed);
    }

    /// <summary>The useful bytes of one neuron as the DRAM matrix stores them: its parts back to back,
    /// <see cref="WeightFileFormat.PartBytes"/> each (no padding).</summary>
    public void ExpectedNeuron(int layer, int neuron, Span<byte> row)
    {
        int partBytes = Format.PartBytes;
        for (int part = 0; part < Format.Parts; part++)
            NeuronContent.Fill(row.Slice(part * partBytes, partBytes), Seed, Format.Precision, layer, neuron, part);
    }
}
