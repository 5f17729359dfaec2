using System.Runtime.InteropServices;
using FlashBench.Core.Memory;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Machine;

/// <summary>The peak resident size can be set back, so one experiment's peak in a suite process is not charged to the
/// next one's DRAM budget. Run apart from other tests: their allocations would move the peak.</summary>
[Collection(ExperimentRunCollection.Name)]
public sealed unsafe class ProcessMemoryTests
{
    [Fact]
    public void Resetting_the_peak_forgets_an_earlier_high_water_mark()
    {
        Assert.True(OperatingSystem.IsLinux(), "FlashBench measures on Linux");
        const long bytes = 1L << 30;
        byte* block = (byte*)NativeMemory.Alloc((nuint)bytes);
        for (long i = 0; i < bytes; i += 4096)
            block[i] = 1; // resident, not just reserved
        long raised = ProcessMemory.PeakResidentBytes;
        NativeMemory.Free(block);

        Assert.True(ProcessMemory.TryResetPeak());
        long after = ProcessMemory.PeakResidentBytes;
        Assert.True(after < raised - bytes / 2, $"peak {after} after the reset, {raised} before");
        Assert.True(after >= ProcessMemory.CurrentResidentBytes / 2);
    }
}
