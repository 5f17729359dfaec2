using System.Globalization;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Throughput;

/// <summary>Why an iteration is not a flash figure although its cache was cold: left out of medians, curves, charts
/// and fits, and shown apart with the reason. Empty when it is a flash figure.</summary>
public static class IterationExclusion
{
    /// <summary>A device reading less than 90 % of the bytes delivered is not noise: other processes only add to the
    /// device's counters, and every read of this iteration completed inside them.</summary>
    public const double DeviceShortfall = 0.9;

    public static string Reason(ReadMethod method, double residentAfter, long bytesRead, long? deviceBytes)
    {
        if (method.BypassesPageCache() && residentAfter > IterationMeasurement.ColdResidencyLimit)
            return string.Create(CultureInfo.InvariantCulture,
                $"O_DIRECT left {residentAfter:P1} of the file in the page cache: the file system fell back to buffered I/O");
        if (deviceBytes is long device && bytesRead > 0 && device < DeviceShortfall * bytesRead)
        {
            // Through the page cache, an iteration that outruns a small file reads its own pages again.
            string server = method.BypassesPageCache() ? "a cache FlashBench cannot see" : "the page cache (offsets repeated within the iteration) or a cache FlashBench cannot see";
            return string.Create(CultureInfo.InvariantCulture,
                $"the device read {device / Units.DecimalMegabyte:0.#} MB of the {bytesRead / Units.DecimalMegabyte:0.#} MB delivered: {server} served the rest");
        }
        return "";
    }
}
