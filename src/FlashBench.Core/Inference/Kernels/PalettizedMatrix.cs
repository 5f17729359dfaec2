namespace FlashBench.Core.Inference.Kernels;

/// <summary>Low-bit palettized weights, after Apple's on-device model ("Introducing Apple's On-Device and Server Foundation
/// Models", June 2024: "a mixed 2-bit and 4-bit configuration ... averaging 3.5 bits-per-weight"): rows in groups of
/// <see cref="GroupRows"/> that share one palette of fp16 values (grouped-channel palettization, as Core ML Tools does it),
/// 16 entries for a 4-bit group and 4 for a 2-bit group, and per weight the packed index of its entry. Every fourth group
/// is 2-bit, so the indices average 3.5 bits per weight (<see cref="IndexBitsPerWeight"/>).
/// <para>Index packing, little-endian: a 4-bit row holds weight c in bits 4·(c mod 2) of byte c/2, a 2-bit row holds it in
/// bits 2·(c mod 4) of byte c/4, so one 32-bit load gives 8 (4-bit) or 16 (2-bit) consecutive indices in order.</para>
/// <para>The palettes are built by a uniform grid over each group's range (synthetic weights: the format and the kernel's
/// cost are what is measured, not a trained palette's accuracy).</para></summary>
public sealed class PalettizedMatrix
{
    public const int GroupRows = 8;

    /// <summary>Columns come in whole 16-weight words (the widest index load).</summary>
    public const int ColumnMultiple = 16;

    /// <summary>Alignment of the packed indices of a matrix built by <see cref="ForReading"/>: O_DIRECT reads land in place.</summary>
    public const int ReadAlignment = 4096;

    private PalettizedMatrix(int rows, int cols, bool aligned = false)
    {
        Rows = rows;
        Cols = cols;
        Groups = rows / GroupRows;
        Bits = new byte[Groups];
        for (int g = 0; g < Groups; g++)
            Bits[g] = IsTwoBit(g) ? (byte)2 : (byte)4;
        long bytes = 0;
        for (int g = 0; g < Groups; g++)
            bytes += (long)GroupRows * RowBytes(Bits[g], cols);
        // aligned: room to start the indices on a ReadAlignment boundary and to read a whole last block past their end
        Indices = aligned
            ? GC.AllocateArray<byte>(checked((int)(bytes + 2 * ReadAlignment)), pinned: true)
            : GC.AllocateUninitializedArray<byte>(checked((int)bytes), pinned: true);
        Offsets = new long[Groups + 1];
        Offsets[0] = aligned ? AlignedStart(Indices) : 0;
        for (int g = 0; g < Groups; g++)
            Offsets[g + 1] = Offsets[g] + (long)GroupRows * RowBytes(Bits[g], cols);
        Palettes = new Half[Groups * 16];
        WidePalettes = GC.AllocateArray<float>(Groups * 16, pinned: true);
    }

    private static unsafe int AlignedStart(byte[] pinned)
    {
        long address = (long)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(pinned));
        return (int)((ReadAlignment - address % ReadAlignment) % ReadAlignment);
    }

    public int Rows { get; }
    public int Cols { get; }
    public int Groups { get; }
    /// <summary>Index bits of each group: 2 or 4.</summary>
    public byte[] Bits { get; }
    /// <summary>Start of each group's packed indices in <see cref="Indices"/> (one more entry: the end).</summary>
    public long[] Offsets { get; }
    public byte[] Indices { get; }
    /// <summary>16 fp16 entries per group (a 2-bit group uses the first 4, the rest are 0 and not counted in <see cref="Bytes"/>).</summary>
    public Half[] Palettes { get; }
    /// <summary>The palettes widened to fp32 once (exact), the form the kernels load into registers.</summary>
    public float[] WidePalettes { get; }

    public static bool IsTwoBit(int group) => group % 4 == 3;

    public static int RowBytes(int bits, int cols) => cols * bits / 8;

    /// <summary>Bytes a product streams: the packed indices plus the palettes' fp16 entries.</summary>
    public long Bytes => IndexBytes + PaletteBytes;

    /// <summary>The packed indices' bytes (<see cref="PackedIndices"/>).</summary>
    public long IndexBytes => Offsets[Groups] - Offsets[0];

    /// <summary>The palettes' used fp16 entries (16 per 4-bit group, 4 per 2-bit group), as <see cref="CopyPalettes"/> packs them.</summary>
    public int PaletteBytes => 2 * PaletteEntries;

    private int PaletteEntries => Enumerable.Range(0, Groups).Sum(g => 1 << Bits[g]);

    /// <summary>The packed indices of every group, back to back (from a <see cref="ReadAlignment"/> boundary when built by <see cref="ForReading"/>).</summary>
    public Span<byte> PackedIndices => Indices.AsSpan((int)Offsets[0], (int)IndexBytes);

    /// <summary>Mean index bits per weight (3.5 when the groups divide by four).</summary>
    public double IndexBitsPerWeight => 8.0 * IndexBytes / ((double)Rows * Cols);

    /// <summary>An empty matrix whose <see cref="PackedIndices"/> start on a <see cref="ReadAlignment"/> boundary, with at
    /// least <see cref="ReadAlignment"/> bytes of slack after them: a direct read of the indices rounded up to whole blocks
    /// lands in place. Fill it with a read and <see cref="LoadPalettes"/>.</summary>
    public static PalettizedMatrix ForReading(int rows, int cols)
    {
        if (rows <= 0 || cols <= 0 || rows % GroupRows != 0 || cols % ColumnMultiple != 0)
            throw new ArgumentException($"matrix {rows}×{cols}: rows must be a multiple of {GroupRows}, cols of {ColumnMultiple}");
        return new PalettizedMatrix(rows, cols, aligned: true);
    }

    /// <summary>Packs the used palette entries, group after group (<see cref="PaletteBytes"/> bytes).</summary>
    public void CopyPalettes(Span<Half> destination)
    {
        int at = 0;
        for (int g = 0; g < Groups; g++)
        {
            int count = 1 << Bits[g];
            Palettes.AsSpan(g * 16, count).CopyTo(destination.Slice(at, count));
            at += count;
        }
    }

    /// <summary>Sets every palette from entries packed as <see cref="CopyPalettes"/> packs them (and their fp32 copies).</summary>
    public void LoadPalettes(ReadOnlySpan<Half> packed)
    {
        if (packed.Length < PaletteEntries)
            throw new ArgumentException($"{packed.Length} palette entries given, the matrix has {PaletteEntries}");
        int at = 0;
        for (int g = 0; g < Groups; g++)
        {
            int count = 1 << Bits[g];
            for (int e = 0; e < count; e++)
                SetEntry(g, e, packed[at + e]);
            at += count;
        }
    }

    public int Index(int row, int col)
    {
        int g = row / GroupRows;
        int bits = Bits[g];
        long start = Offsets[g] + (long)(row % GroupRows) * RowBytes(bits, Cols);
        int perByte = 8 / bits;
        return (Indices[start + col / perByte] >> (bits * (col % perByte))) & ((1 << bits) - 1);
    }

    public Half Weight(int row, int col) => Palettes[row / GroupRows * 16 + Index(row, col)];

    /// <summary>Palettizes a row-major fp16 matrix (rows a multiple of <see cref="GroupRows"/>, cols of <see cref="ColumnMultiple"/>).</summary>
    public static PalettizedMatrix From(ReadOnlySpan<Half> weights, int rows, int cols)
    {
        if (rows <= 0 || cols <= 0 || rows % GroupRows != 0 || cols % ColumnMultiple != 0 || weights.Length < (long)rows * cols)
            throw new ArgumentException($"matrix {rows}×{cols}: rows must be a multiple of {GroupRows}, cols of {ColumnMultiple}, and fit {weights.Length} weights");
        var matrix = new PalettizedMatrix(rows, cols);
        for (int g = 0; g < matrix.Groups; g++)
            matrix.Palettize(weights.Slice(g * GroupRows * cols, GroupRows * cols), g);
        return matrix;
    }

    /// <summary>Builds a matrix from given palettes and indices (tests build exact cases this way).</summary>
    public static PalettizedMatrix FromIndices(int rows, int cols, Func<int, int, Half> palette, Func<int, int, int> index)
    {
        if (rows <= 0 || cols <= 0 || rows % GroupRows != 0 || cols % ColumnMultiple != 0)
            throw new ArgumentException($"matrix {rows}×{cols}: rows must be a multiple of {GroupRows}, cols of {ColumnMultiple}");
        var matrix = new PalettizedMatrix(rows, cols);
        for (int g = 0; g < matrix.Groups; g++)
        {
            for (int e = 0; e < 1 << matrix.Bits[g]; e++)
                matrix.SetEntry(g, e, palette(g, e));
        }
        Array.Clear(matrix.Indices);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
                matrix.SetIndex(r, c, index(r, c) & ((1 << matrix.Bits[r / GroupRows]) - 1));
        }
        return matrix;
    }

    /// <summary>A matrix of uniformly random indices and palettes of <see cref="SyntheticWeights"/>-like values at
    /// <paramref name="scale"/> (sorted, rounded to fp16): the bytes and lookups of a real one, built at memory speed for
    /// benchmark sizes where palettizing a fp16 source would take minutes.</summary>
    public static PalettizedMatrix Synthetic(int rows, int cols, ulong seed, float scale)
    {
        if (rows <= 0 || cols <= 0 || rows % GroupRows != 0 || cols % ColumnMultiple != 0)
            throw new ArgumentException($"matrix {rows}×{cols}: rows must be a multiple of {GroupRows}, cols of {ColumnMultiple}");
        var matrix = new PalettizedMatrix(rows, cols);
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        random.NextBytes(matrix.Indices);
        var entries = new float[16];
        for (int g = 0; g < matrix.Groups; g++)
        {
            int count = 1 << matrix.Bits[g];
            for (int e = 0; e < count; e++)
                entries[e] = (float)((random.NextDouble() * 2 - 1) * scale);
            Array.Sort(entries, 0, count);
            for (int e = 0; e < count; e++)
                matrix.SetEntry(g, e, (Half)entries[e]);
        }
        return matrix;
    }

    private void Palettize(ReadOnlySpan<Half> group, int g)
    {
        int entries = 1 << Bits[g];
        float min = float.MaxValue, max = float.MinValue;
        foreach (var w in group)
        {
            min = Math.Min(min, (float)w);
            max = Math.Max(max, (float)w);
        }
        float step = max > min ? (max - min) / (entries - 1) : 1;
        for (int e = 0; e < entries; e++)
            SetEntry(g, e, (Half)(min + e * step));
        Array.Clear(Indices, (int)Offsets[g], (int)(Offsets[g + 1] - Offsets[g]));
        for (int i = 0; i < group.Length; i++)
        {
            int index = Math.Clamp((int)MathF.Round(((float)group[i] - min) / step), 0, entries - 1);
            SetIndex(g * GroupRows + i / Cols, i % Cols, index);
        }
    }

    private void SetEntry(int group, int entry, Half value)
    {
        Palettes[group * 16 + entry] = value;
        WidePalettes[group * 16 + entry] = (float)value;
    }

    private void SetIndex(int row, int col, int index)
    {
        int g = row / GroupRows;
        int bits = Bits[g];
        long start = Offsets[g] + (long)(row % GroupRows) * RowBytes(bits, Cols);
        int perByte = 8 / bits;
        Indices[start + col / perByte] |= (byte)(index << (bits * (col % perByte)));
    }
}
