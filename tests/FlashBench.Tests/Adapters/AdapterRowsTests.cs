using FlashBench.Core.Results;
using FlashBench.Reporting.Adapters;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Adapters;

/// <summary>adapters.csv round-trips; the paired ratios pair what they say they pair.</summary>
public sealed class AdapterRowsTests
{
    private static AdapterSwapRow Row(string task, string layout, int round, double swapMBps, double controlMBps, string state = DeviceStates.Steady) => new()
    {
        Model = "afm-3b", Task = task, Layout = layout, ReadMethod = "direct", ReadsInFlight = 4, Rank = 16, Pass = 0, Round = round,
        Copy = round + 1, Reads = 26, ReadBytes = 1724416, SwapBytes = 26 * 1724416L, AdapterPayloadBytes = 44754944,
        SwapMs = 26 * 1724416 / swapMBps / 1e3, SwapMBps = swapMBps, ControlReadBytes = 1724416, ControlReads = 32, ControlMs = 55.5,
        ControlMBps = controlMBps, OfControl = swapMBps / controlMBps, VerifiedLayer = 3, Verified = true,
        FirstTokenMs = 400.25, FirstLoraMs = 4.5, SteadyTokenMs = 380.5, SteadyLoraMs = 4.25, ComputeThreads = 2, ResidentBefore = 0, ResidentAfter = 0.001, DeviceReadBytes = 45_000_000,
        Cache = "cold", DeviceState = state,
    };

    [Fact]
    public void Adapter_rows_round_trip_through_csv()
    {
        using var temp = new TempDirectory();
        var row = Row("mail-reply", "per-layer", 1, 987.654321, 1012.5);
        row.CopyReused = true;
        row.ControlReused = true;
        string path = Path.Combine(temp.Path, AdapterSwapRow.FileName);

        CsvFiles.Write(path, [row]);

        Assert.Equivalent(row, Assert.Single(CsvFiles.Read<AdapterSwapRow>(path)), strict: true);
        Assert.StartsWith("model,task,layout,read_method,", File.ReadLines(path).First());
    }

    [Fact]
    public void Ratios_pair_each_swap_with_its_own_control_and_each_layout_with_the_other_of_the_same_round_and_task()
    {
        var rows = new List<AdapterSwapRow>();
        string[] tasks = ["summarise", "tone", "urgency"];
        for (int round = 0; round < 4; round++)
        {
            foreach (string task in tasks)
            {
                // the device drifts from round to round; within a round each ratio is exact
                double level = 500 + 200 * round + 10 * Array.IndexOf(tasks, task);
                rows.Add(Row(task, "per-adapter", round, 0.5 * level, level));
                rows.Add(Row(task, "per-layer", round, 0.75 * level, level));
            }
        }
        rows.Add(Row("tone", "per-layer", 9, 1, 1000, DeviceStates.Degraded)); // left out

        var counted = AdapterPairs.Counted(rows);
        Assert.Equal(24, counted.Count);
        var control = AdapterPairs.OfControl(counted).ToDictionary(r => r.Layout, r => r.Ratio!);
        Assert.Equal(0.5, control["per-adapter"].Median, 9);
        Assert.Equal(0.5, control["per-adapter"].Lower, 9);
        Assert.Equal(0.75, control["per-layer"].Upper, 9);
        Assert.Equal(12, control["per-layer"].Pairs);
        var layouts = Assert.Single(AdapterPairs.Layouts(counted, "per-layer", "per-adapter"));
        Assert.Equal(1.5, layouts.Ratio!.Median, 9);
        Assert.Equal(1.5, layouts.Ratio.Lower, 9);
        Assert.Equal(1.5, layouts.Ratio.Upper, 9);
        var first = AdapterPairs.FirstToken(counted).First();
        Assert.Equal(400.25 / 380.5, first.Ratio!.Median, 9);
    }
}
