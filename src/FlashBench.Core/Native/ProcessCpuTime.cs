using System.Runtime.InteropServices;

namespace FlashBench.Core.Native;

/// <summary>User + system CPU time through getrusage(2). RUSAGE_SELF counts every thread of the process, the kernel's
/// io_uring worker threads (io-wq) among them, which RUSAGE_THREAD on a reader would miss.</summary>
internal static unsafe partial class ProcessCpuTime
{
    private const int RusageSelf = 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    /// <summary>struct rusage: two timevals, then fourteen longs the caller does not read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public TimeVal User;
        public TimeVal System;
        public fixed long Rest[14];
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRUsage(int who, RUsage* usage);

    /// <summary>The process's CPU time so far; <see cref="System.Diagnostics.Process.TotalProcessorTime"/> where getrusage is not there.</summary>
    public static TimeSpan Now()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        RUsage usage;
        if (GetRUsage(RusageSelf, &usage) != 0)
            throw new IOException($"getrusage failed: {Libc.ErrorText(Marshal.GetLastPInvokeError())}");
        long micros = (usage.User.Seconds + usage.System.Seconds) * 1_000_000 + usage.User.Microseconds + usage.System.Microseconds;
        return TimeSpan.FromMicroseconds(micros);
    }
}
