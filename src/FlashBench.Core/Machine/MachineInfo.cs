using System.Runtime.InteropServices;

namespace FlashBench.Core.Machine;

/// <summary>The computer a run measured, read from /proc and the runtime.</summary>
public sealed record MachineInfo(string CpuModel, int LogicalCores, long MemoryBytes, string Kernel, string OperatingSystem, string Runtime)
{
    public static MachineInfo Current() => new(
        CpuModel: ProcFiles.FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        LogicalCores: Environment.ProcessorCount,
        MemoryBytes: ProcFiles.MemTotalBytes(),
        Kernel: ProcFiles.ReadTrimmed("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.VersionString,
        OperatingSystem: RuntimeInformation.OSDescription,
        Runtime: RuntimeInformation.FrameworkDescription);
}

internal static class ProcFiles
{
    public static string? ReadTrimmed(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string? FirstValue(string path, string key)
    {
        string? text = ReadTrimmed(path);
        if (text is null)
            return null;
        foreach (string line in text.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim() == key)
                return line[(colon + 1)..].Trim();
        }
        return null;
    }

    public static long MemTotalBytes()
    {
        string? value = FirstValue("/proc/meminfo", "MemTotal");
        return value is not null && long.TryParse(value.Split(' ')[0], out long kib) ? kib * 1024 : 0;
    }
}
