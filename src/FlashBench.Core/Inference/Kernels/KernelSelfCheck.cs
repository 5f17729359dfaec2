using FlashBench.Core.Compute;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>The fp16 kernels' exactness checks at one vector width, as plain code that returns what failed: the unit tests
/// run it for every width this CPU supports, and `flashbench kernel-check` runs it for <see cref="SimdWidths.Best"/> in a
/// child process started with AVX-512 disabled, so the AVX2 code the JIT emits for an AVX2-only CPU is checked too.
/// <para>Every one of the 65,536 halves through each widening (exact, normal-only, scaled) against the scalar
/// <c>(float)Half</c>; and products on a matrix of subnormal and small normal halves whose every product and partial sum
/// is a multiple of 2⁻²⁴ below 1, hence exact in fp32 in any order: each kernel (fp16 and palettized) must give the
/// reference bit for bit.</para></summary>
public static unsafe class KernelSelfCheck
{
    public static IReadOnlyList<string> Run(SimdWidth width)
    {
        var failures = new List<string>();
        CheckWidening(width, failures);
        CheckProducts(width, failures);
        CheckPalettized(width, failures);
        return failures;
    }

    private enum Form { Exact, Normal, Scaled }

    private static void CheckWidening(SimdWidth width, List<string> failures)
    {
        var all = new ushort[65536];
        for (int i = 0; i < all.Length; i++)
            all[i] = (ushort)i;
        var widened = new float[all.Length];
        foreach (var form in Enum.GetValues<Form>())
        {
            Widen(width, form, all, widened);
            float scale = form == Form.Exact ? 1f : HalfBits.InputScale;
            int bad = 0, first = -1;
            for (int i = 0; i < all.Length; i++)
            {
                var half = BitConverter.UInt16BitsToHalf(all[i]);
                if (!Half.IsFinite(half))
                    continue;
                float expected = form == Form.Normal && Half.IsSubnormal(half) ? 0f : (float)half;
                if (BitConverter.SingleToUInt32Bits(widened[i] * scale) != BitConverter.SingleToUInt32Bits(expected)
                    && !(expected == 0 && widened[i] == 0))
                {
                    bad++;
                    first = first < 0 ? i : first;
                }
            }
            if (bad > 0)
                failures.Add($"{width} {form} widening: {bad} of the finite halves differ from (float)Half, first 0x{first:X4}");
        }
    }

    private static void Widen(SimdWidth width, Form form, ushort[] source, float[] destination)
    {
        fixed (ushort* s = source)
        fixed (float* d = destination)
        {
            switch (width)
            {
                case SimdWidth.V512: Widen<Lanes512, System.Runtime.Intrinsics.Vector512<float>>(form, s, d, source.Length); break;
                case SimdWidth.V256: Widen<Lanes256, System.Runtime.Intrinsics.Vector256<float>>(form, s, d, source.Length); break;
                case SimdWidth.V128: Widen<Lanes128, System.Runtime.Intrinsics.Vector128<float>>(form, s, d, source.Length); break;
                default: Widen<LanesScalar, float>(form, s, d, source.Length); break;
            }
        }
    }

    private static void Widen<TLanes, TVector>(Form form, ushort* source, float* destination, int count)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        for (int i = 0; i < count; i += TLanes.Count)
        {
            var v = form switch
            {
                Form.Exact => TLanes.LoadHalves(source + i),
                Form.Normal => TLanes.LoadNormalHalves(source + i),
                _ => TLanes.LoadScaledHalves(source + i),
            };
            TLanes.Store(v, destination + i);
        }
    }

    private static void CheckProducts(SimdWidth width, List<string> failures)
    {
        const int rows = 37, cols = 203; // not multiples of the 8-row pass or of any vector width
        var random = new Random(17);
        var w = new Half[rows * cols];
        for (int i = 0; i < w.Length; i++)
        {
            int sign = random.Next(2) << 15;
            // subnormals (exponent 0), zeros and normals of exponent field 1…5 (≤ 2⁻¹⁰): multiples of 2⁻²⁴
            int exponent = random.Next(3) == 0 ? 0 : random.Next(1, 6);
            w[i] = BitConverter.UInt16BitsToHalf((ushort)(sign | exponent << 10 | random.Next(1024)));
        }
        var x = new float[cols];
        for (int c = 0; c < cols; c++)
            x[c] = random.Next(-3, 4);
        var expected = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < cols; c++)
                sum += (double)w[r * cols + c] * x[c];
            expected[r] = (float)sum;
        }
        var matrix = HalfMatrix.From(w, rows, cols);
        foreach (int threads in new[] { 1, 2 })
        {
            using var pool = new ComputePool(threads);
            var y = new float[rows];
            HalfMatVec.Multiply(w, rows, cols, x, y, pool, width);
            Compare($"{width} exact product, {threads} thread(s)", expected, y, failures);
            foreach (bool keep in new[] { false, true })
            {
                Array.Clear(y);
                HalfMatVec.Multiply(matrix, x, y, pool, width, keep);
                Compare($"{width} {(keep ? "scaled" : "normal + corrections")} product, {threads} thread(s)", expected, y, failures);
            }
        }
    }

    /// <summary>The palettized kernel on the same kind of exact case: palette entries multiples of 2⁻²⁴ below 2⁻¹⁰.</summary>
    private static void CheckPalettized(SimdWidth width, List<string> failures)
    {
        const int rows = 64, cols = 272;
        var random = new Random(5);
        var entries = new Half[rows / PalettizedMatrix.GroupRows * 16];
        for (int i = 0; i < entries.Length; i++)
            entries[i] = BitConverter.UInt16BitsToHalf((ushort)(random.Next(2) << 15 | random.Next(0, 6) << 10 | random.Next(1024)));
        var matrix = PalettizedMatrix.FromIndices(rows, cols, (g, e) => entries[g * 16 + e], (_, _) => random.Next(16));
        var x = new float[cols];
        for (int c = 0; c < cols; c++)
            x[c] = random.Next(-3, 4);
        var expected = PalettizedMatVec.Reference(matrix, x).Select(v => (float)v).ToArray();
        foreach (int threads in new[] { 1, 2 })
        {
            using var pool = new ComputePool(threads);
            var y = new float[rows];
            PalettizedMatVec.Multiply(matrix, x, y, pool, width);
            Compare($"{width} palettized product, {threads} thread(s)", expected, y, failures);
        }
    }

    private static void Compare(string what, float[] expected, float[] actual, List<string> failures)
    {
        for (int r = 0; r < expected.Length; r++)
        {
            if (expected[r] != actual[r])
            {
                failures.Add(FormattableString.Invariant($"{what}: row {r} gave {actual[r]:R}, expected {expected[r]:R}"));
                return;
            }
        }
    }
}
