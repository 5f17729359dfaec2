using System.CommandLine;
using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Bench.Cli;

/// <summary>`kernel-check`: the fp16 kernels' exactness checks (<see cref="KernelSelfCheck"/>) at the vector width this
/// process runs. Run with DOTNET_EnableAVX512=0 on an AVX-512 machine it checks the AVX2 path as an AVX2-only CPU gets it;
/// the unit tests start it that way. Prints the width, then each failure; exit 1 on any.</summary>
public sealed class KernelCheckCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("kernel-check", "Check the fp16 kernels' exactness at this process's vector width (set DOTNET_EnableAVX512=0 for the AVX2 path)");
        command.SetAction(_ =>
        {
            Console.WriteLine($"kernel-check: {SimdWidths.Best}; {DenormalInputs.Describe()}");
            var failures = KernelSelfCheck.Run(SimdWidths.Best);
            foreach (string failure in failures)
                Console.WriteLine($"kernel-check: FAILED {failure}");
            Console.WriteLine(failures.Count == 0 ? "kernel-check: all exact" : $"kernel-check: {failures.Count} failure(s)");
            return failures.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
