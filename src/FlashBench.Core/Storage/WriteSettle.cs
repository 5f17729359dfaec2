using System.Diagnostics;
using FlashBench.Core.Machine;

namespace FlashBench.Core.Storage;

/// <summary>How long to wait for the device to go quiet after a test file is written: quiet for
/// <paramref name="QuietFor"/>, at most <paramref name="Limit"/>, polled every <paramref name="Poll"/>.</summary>
public sealed record SettleOptions(TimeSpan QuietFor, TimeSpan Limit, TimeSpan Poll)
{
    /// <summary>Two quiet seconds, at most 30 s (other writers on a shared disk may never stop).</summary>
    public static SettleOptions Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
}

/// <summary>What waiting for the device achieved, for the console and run.json.</summary>
public sealed record SettleResult(TimeSpan Waited, bool Quiet, string Detail);

/// <summary>Lets a device settle after a file was written and fsynced, before it is measured.</summary>
public static class WriteSettle
{
    public static SettleResult Wait(string filePath, SettleOptions? options = null)
    {
        options ??= SettleOptions.Default;
        using var counter = BlockDeviceCounter.TryOpen(filePath, out var resolution);
        if (counter is null)
        {
            Thread.Sleep(options.QuietFor);
            return new SettleResult(options.QuietFor, Quiet: false,
                $"waited {options.QuietFor.TotalSeconds:0.#} s without device counters ({resolution.Detail})");
        }
        var detector = new QuietDetector(options.QuietFor);
        long started = Stopwatch.GetTimestamp();
        while (true)
        {
            var waited = Stopwatch.GetElapsedTime(started);
            if (detector.Observe(waited, counter.Read()))
                return new SettleResult(waited, Quiet: true,
                    $"{counter.Device.Name} quiet (nothing in flight, no sector written for {options.QuietFor.TotalSeconds:0.#} s) after {waited.TotalSeconds:0.0} s");
            if (waited >= options.Limit)
                return new SettleResult(waited, Quiet: false,
                    $"{counter.Device.Name} still busy after {waited.TotalSeconds:0.0} s (other writers on the device?); measuring anyway");
            Thread.Sleep(options.Poll);
        }
    }
}
