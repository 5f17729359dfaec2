using System.Diagnostics;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Inference;

/// <summary>The fp16 kernels' exactness checks at every width this CPU runs (forced in-process), and once more in a child
/// process whose runtime has AVX-512 disabled: there <see cref="SimdWidths.Best"/> is the AVX2 path and the JIT emits the
/// code an AVX2-only CPU runs (VEX encodings, no EVEX lowering of the 256-bit operations), so `dotnet test` checks that path
/// on an AVX-512 machine too and cannot skip it silently (the child must report V256 wherever the CPU has AVX2).</summary>
public sealed class KernelPathTests
{
    public static TheoryData<SimdWidth> Widths() => HalfKernelTests.Widths();

    [Theory]
    [MemberData(nameof(Widths))]
    public void Every_widening_and_product_is_exact(SimdWidth width) =>
        Assert.Empty(KernelSelfCheck.Run(width));

    [Avx2Fact]
    public void The_avx2_path_is_exact_in_a_process_without_avx512()
    {
        string bench = Path.Combine(AppContext.BaseDirectory, "flashbench.dll");
        var start = new ProcessStartInfo("dotnet", [bench, "kernel-check"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        // .NET 10 reads DOTNET_EnableAVX512 (DOTNET_EnableAVX512F alone no longer turns AVX-512 off); set both
        start.Environment["DOTNET_EnableAVX512"] = "0";
        start.Environment["DOTNET_EnableAVX512F"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "kernel-check did not finish in 2 minutes");
        Assert.True(process.ExitCode == 0, output + error.Result);
        Assert.Contains("kernel-check: V256;", output);
        Assert.Contains("kernel-check: all exact", output);
    }
}
