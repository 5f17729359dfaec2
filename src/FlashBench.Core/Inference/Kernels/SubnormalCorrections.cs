using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>The subnormal halves of an fp16 matrix, row by row, for the fast kernels (<see cref="HalfBits.ToScaledNormal"/>
/// reads them as 0): after a row's dot product, Σ value · x[column] over its list restores the exact result. Built once
/// for a matrix that stays in DRAM. Zeros need no entry (the fast form reads them exactly). With weights of scale
/// 1/√cols, 0.14 % (cols 512) to 0.8 % (cols 16384) of the halves are subnormal: a list costs 4 bytes per entry,
/// about 1 % of the matrix.
/// <para>One entry per subnormal: column (21 bits) | sign (1) | mantissa (10), rows delimited by a start index.
/// Entries are applied in column order after the vector sum, so a row's result depends on its data only, never on
/// the thread that computes it.</para></summary>
public sealed unsafe class SubnormalCorrections
{
    /// <summary>Columns a packed entry can address.</summary>
    public const int MaxColumns = 1 << 21;

    internal const int ColumnShift = 11;

    private readonly int[] _rowStart;
    private readonly uint[] _entries;

    private SubnormalCorrections(int rows, int cols, int[] rowStart, uint[] entries)
    {
        Rows = rows;
        Cols = cols;
        _rowStart = rowStart;
        _entries = entries;
    }

    public int Rows { get; }
    public int Cols { get; }

    /// <summary>Subnormal halves listed.</summary>
    public int Count => _entries.Length;

    /// <summary>DRAM the list takes.</summary>
    public long Bytes => (long)_rowStart.Length * sizeof(int) + (long)_entries.Length * sizeof(uint);

    /// <summary>Column of entry <paramref name="index"/> of row <paramref name="row"/> and the exact value it adds.</summary>
    public (int Column, float Value) Entry(int row, int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)EntriesOf(row), nameof(index));
        uint entry = _entries[_rowStart[row] + index];
        return ((int)(entry >> ColumnShift), Value(entry));
    }

    public int EntriesOf(int row) => _rowStart[row + 1] - _rowStart[row];

    /// <summary>Lists the subnormal halves of the <paramref name="rows"/> × <paramref name="cols"/> matrix whose row r
    /// starts at weights[r · <paramref name="stride"/>]; rows are scanned in parallel.</summary>
    public static SubnormalCorrections Build(ReadOnlySpan<Half> weights, long stride, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || stride < cols || (rows > 0 && weights.Length < (rows - 1) * stride + cols))
            throw new ArgumentException($"a {rows}×{cols} matrix at stride {stride} does not fit {weights.Length} values");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cols, MaxColumns);
        var counts = new int[rows];
        int chunkRows = Math.Max(1, (1 << 18) / Math.Max(1, cols));
        int chunks = (rows + chunkRows - 1) / chunkRows;
        var lists = new List<uint>[chunks];
        fixed (Half* pointer = weights)
        {
            nint first = (nint)pointer;
            System.Threading.Tasks.Parallel.For(0, chunks, c =>
            {
                var list = new List<uint>();
                int end = Math.Min(rows, (c + 1) * chunkRows);
                for (int r = c * chunkRows; r < end; r++)
                {
                    int before = list.Count;
                    Scan((ushort*)first + r * stride, cols, list);
                    counts[r] = list.Count - before;
                }
                lists[c] = list;
            });
        }
        var rowStart = GC.AllocateArray<int>(rows + 1, pinned: true);
        for (int r = 0; r < rows; r++)
            rowStart[r + 1] = checked(rowStart[r] + counts[r]);
        var entries = GC.AllocateArray<uint>(rowStart[rows], pinned: true);
        int at = 0;
        foreach (var list in lists)
        {
            CollectionsMarshal.AsSpan(list).CopyTo(entries.AsSpan(at));
            at += list.Count;
        }
        return new SubnormalCorrections(rows, cols, rowStart, entries);
    }

    private static void Scan(ushort* row, int cols, List<uint> list)
    {
        int c = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // subnormal ⇔ (h & 0x7FFF) − 1 < 0x3FF unsigned: zeros wrap to 0xFFFF, normals are ≥ 0x400
            var magnitude = Vector256.Create((ushort)0x7FFF);
            var limit = Vector256.Create((ushort)HalfBits.MantissaBits);
            for (; c + Vector256<ushort>.Count <= cols; c += Vector256<ushort>.Count)
            {
                var v = (Vector256.Load(row + c) & magnitude) - Vector256<ushort>.One;
                uint found = Vector256.LessThan(v, limit).ExtractMostSignificantBits();
                while (found != 0)
                {
                    int k = BitOperations.TrailingZeroCount(found);
                    list.Add(Pack(c + k, row[c + k]));
                    found &= found - 1;
                }
            }
        }
        for (; c < cols; c++)
        {
            if (IsSubnormal(row[c]))
                list.Add(Pack(c, row[c]));
        }
    }

    public static bool IsSubnormal(ushort bits) => (bits & HalfBits.ExponentBits) == 0 && (bits & HalfBits.MantissaBits) != 0;

    private static uint Pack(int column, ushort bits) =>
        ((uint)column << ColumnShift) | ((uint)(bits >> 5) & 0x400u) | (uint)(bits & HalfBits.MantissaBits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Value(uint entry) =>
        BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits((entry & HalfBits.MantissaBits) * HalfBits.SubnormalUnit) | ((entry & 0x400u) << 21));

    internal SubnormalView View => new(
        (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_rowStart)),
        (uint*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_entries)));
}

/// <summary>A <see cref="SubnormalCorrections"/> list as the kernels read it (both arrays are pinned). Its loops are
/// compiled fully optimised on first use, like the kernels that call them (no tier-0 code in a measured product).</summary>
internal readonly unsafe struct SubnormalView(int* rowStart, uint* entries)
{
    /// <summary>y[i] += Σ value · x[column] over the entries of row <paramref name="first"/> + i, i &lt; <paramref name="count"/>.
    /// With AVX2, 8 entries at a time (x gathered; a masked load for the last ones: a masked-off entry is column 0
    /// with value 0, and x is finite here), summed as a vector then reduced: a fixed order for a given row, so the
    /// result does not depend on the thread that computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddProducts(int first, int count, float* x, float* y)
    {
        for (int i = 0; i < count; i++)
        {
            int e = rowStart[first + i];
            int end = rowStart[first + i + 1];
            if (e == end)
                continue;
            if (Avx2.IsSupported && Fma.IsSupported)
            {
                var sum = Vector256<float>.Zero;
                for (; e + 8 <= end; e += 8)
                    sum = AddProducts(Vector256.Load(entries + e), x, sum);
                if (e < end)
                {
                    var mask = Vector256.LessThan(Vector256<uint>.Indices, Vector256.Create((uint)(end - e)));
                    sum = AddProducts(Avx2.MaskLoad(entries + e, mask), x, sum);
                }
                y[i] += Vector256.Sum(sum);
                continue;
            }
            float total = y[i];
            for (; e < end; e++)
            {
                uint entry = entries[e];
                total = MathF.FusedMultiplyAdd(SubnormalCorrections.Value(entry), x[entry >> SubnormalCorrections.ColumnShift], total);
            }
            y[i] = total;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> AddProducts(Vector256<uint> packed, float* x, Vector256<float> sum)
    {
        var column = Vector256.ShiftRightLogical(packed, SubnormalCorrections.ColumnShift).AsInt32();
        var magnitude = Vector256.ConvertToSingle((packed & Vector256.Create((uint)HalfBits.MantissaBits)).AsInt32()) * Vector256.Create(HalfBits.SubnormalUnit);
        var value = (magnitude.AsUInt32() | Vector256.ShiftLeft(packed & Vector256.Create(0x400u), 21)).AsSingle();
        return Fma.MultiplyAdd(value, Avx2.GatherVector256(x, column, 4), sum);
    }

    /// <summary>y[column] += value · a over the entries of row <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddScaledRow(int row, float a, float* y)
    {
        int end = rowStart[row + 1];
        for (int e = rowStart[row]; e < end; e++)
        {
            uint entry = entries[e];
            float* target = y + (entry >> SubnormalCorrections.ColumnShift);
            *target = MathF.FusedMultiplyAdd(SubnormalCorrections.Value(entry), a, *target);
        }
    }
}
