using System.Globalization;
using FlashBench.Core.Inference.Results;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>Tables 2 and 3 on the console at the end of a latency run: medians over steady tokens [spread], and the
/// ratios to Naive paired by token (Naive ÷ configuration, with their distribution-free bounds).</summary>
public static class LatencyConsole
{
    public static void PrintTable2(IReadOnlyList<Table2Row> table2)
    {
        Console.WriteLine("Table 2 — I/O per token; Naive ÷ config paired by token (median [bounds], pairs) | paper");
        foreach (var r in table2)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Model,-21} {r.Config,-10} {r.FlashToDramGb,7:0.000} GB/token {r.ThroughputGbps,6:0.00} GB/s  I/O {r.IoMs,9:0.0} ms (mean)  {Ratio(r.IoRatio, r.IoRatioLower, r.IoRatioUpper, r.IoRatioPairs),-26} | {Inverse(r.PaperIoRatio)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"",-32} {r.ReadMethod}: device {r.DeviceGbps:0.000} GB/s, control {r.ControlGbps:0.000} GB/s at {r.ControlReadBytes} B → {r.DeviceOverControl:0.00} of the raw curve"));
            if (r.AltReadMethod != "")
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{"",-32} {r.AltReadMethod}: I/O {r.AltIoMs,9:0.0} ms (mean), device {r.AltDeviceGbps:0.000} GB/s, control {r.AltControlGbps:0.000} GB/s → {r.AltDeviceOverControl:0.00} of the raw curve; {r.ReadMethod} ÷ {r.AltReadMethod} I/O {Ratio(r.AltIoRatio, r.AltIoRatioLower, r.AltIoRatioUpper, r.AltIoRatioPairs)}"));
            }
        }
    }

    public static void PrintTable3(IReadOnlyList<Table3Row> table3)
    {
        Console.WriteLine("Table 3 — ms per token, medians over steady tokens [spread]; Naive ÷ config total paired by token | paper total, Naive ÷ config");
        foreach (var r in table3)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Model,-21} {r.Config,-10} I/O {Figure(r.IoMs, r.IoLowMs, r.IoHighMs),-24} mem {Figure(r.MemoryMs, r.MemoryLowMs, r.MemoryHighMs),-18} comp {Figure(r.ComputeMs, r.ComputeLowMs, r.ComputeHighMs),-20} total {Figure(r.TotalMs, r.TotalLowMs, r.TotalHighMs),-24} {Ratio(r.TotalRatio, r.TotalRatioLower, r.TotalRatioUpper, r.TotalRatioPairs),-26} | {r.PaperTotalMs,6:0} {Inverse(r.PaperTotalRatio)}"));
        }
    }

    private static string Figure(double median, double? low, double? high) =>
        string.Create(CultureInfo.InvariantCulture, $"{median:0.0}{(low is { } l && high is { } h ? $" [{l:0.0}–{h:0.0}]" : "")}");

    private static string Ratio(double? median, double? lower, double? upper, int? pairs) => median is { } m
        ? string.Create(CultureInfo.InvariantCulture, $"{m:0.00}× [{lower:0.00}–{upper:0.00}] {pairs} pairs")
        : "no pairs";

    private static string Inverse(double? ratioToNaive) =>
        ratioToNaive is { } r && r > 0 ? string.Create(CultureInfo.InvariantCulture, $"{1 / r:0.00}×") : "";
}
