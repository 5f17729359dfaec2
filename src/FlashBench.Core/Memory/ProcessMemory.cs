using System.Globalization;

namespace FlashBench.Core.Memory;

/// <summary>Resident memory of this process from /proc/self/status (VmHWM = peak, VmRSS = now); falls back to
/// <see cref="System.Diagnostics.Process"/> elsewhere.</summary>
public static class ProcessMemory
{
    public static long PeakResidentBytes => Read("VmHWM:") ?? System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;

    public static long CurrentResidentBytes => Read("VmRSS:") ?? System.Diagnostics.Process.GetCurrentProcess().WorkingSet64;

    /// <summary>Sets the peak (VmHWM) back to the current resident size (Linux: "5" into /proc/self/clear_refs), so a
    /// later <see cref="PeakResidentBytes"/> is the peak since now, not of the process's life (in one suite process an
    /// earlier experiment's peak would otherwise count against this one's budget). False where that is not possible.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    private static long? Read(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
            return null;
        foreach (string line in File.ReadLines(status))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal))
                continue;
            var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kib))
                return kib * 1024;
        }
        return null;
    }
}
