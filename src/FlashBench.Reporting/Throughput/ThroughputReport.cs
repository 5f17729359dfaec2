using FlashBench.Core;
using System.Globalization;
using System.Text;
using FlashBench.Core.Results;
using FlashBench.Reporting.Device;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Throughput;

/// <summary>The flash read-throughput experiment (paper §2.2, Fig. 2b): key figures and every point as the median
/// across passes with the passes' range, charts with min–max error bars, the mmap paths' read amplification, the
/// t0 + bytes/B cost model (cost_model.csv), the fio cross-check when fio.csv exists, and the rows left out. Rows measured
/// while the device was outside its steady band are left out of all of it, and counted.</summary>
public sealed class ThroughputReport(string experiment) : IExperimentReport
{
    public const string Title = "Flash read throughput (Fig. 2b)";

    public bool HasData(RunDirectory run) => File.Exists(run.Result(ThroughputRow.FileName));

    public ReportSection Build(RunDirectory run)
    {
        var all = CsvFiles.Read<ThroughputRow>(run.Result(ThroughputRow.FileName));
        if (all.Count == 0)
            throw new InvalidDataException($"{run.Result(ThroughputRow.FileName)} has a header but no rows");
        var counted = CountedRows.Of(all, r => r.DeviceState);
        if (counted.Rows.Count == 0)
            return new ReportSection(Title, counted.Note!, []);
        var rows = counted.Rows;
        var groups = ThroughputGroup.From(rows);
        var excluded = ExcludedRows.Of(rows);
        bool warm = groups.Any(g => g.Warm);
        int threads = ThroughputKeyFigures.ThreadsShown(groups);
        var charts = new List<string>();
        var tables = new Dictionary<string, string>();
        var md = new StringBuilder();

        if (rows.Any(r => r.VerifyFailures > 0))
            md.Append(MarkdownText.Red($"{rows.Sum(r => r.VerifyFailures)} reads failed content verification.")).Append("\n\n");
        if (excluded.Count > 0)
            md.Append(MarkdownText.Red($"{excluded.Count} cold iterations are not flash figures and are left out of every median, curve, chart and fit (listed under \"Left out\" with the reason).")).Append("\n\n");
        if (counted.Note is { } note)
            md.Append(note).Append("\n\n");
        md.Append(RunFacts(rows)).Append("\n\n");

        string keyTable = ThroughputKeyFigures.Table(groups);
        tables[experiment] = keyTable;
        md.Append("Key figures (MB/s, cold cache; median of the passes' medians [lowest–highest pass]):\n\n").Append(keyTable).Append('\n')
          .Append(ThroughputKeyFigures.PaperStatement).Append("\n\n");
        if (groups.Any(g => g.QueueDepth > 1))
            md.Append($"io_uring rows are shown where their reads in flight (threads × queue depth) equal the thread count of the column, e.g. one ring at depth {threads} under \"{threads} thr\".\n\n");

        if (threads > 0)
            AddChart(md, charts, run, $"all methods at {threads} threads", ThroughputCharts.MethodsAtThreads(run, groups, threads));
        foreach (string method in groups.Select(g => g.Method).Distinct())
            AddChart(md, charts, run, $"{method} throughput vs chunk size", ThroughputCharts.PerMethod(run, method, groups));
        if (threads > 0 && groups.Any(g => g.Threads == threads && !g.Warm))
            AddChart(md, charts, run, $"per-read latency at {threads} threads", ThroughputCharts.Latency(run, groups, threads));

        if (ReadsInFlight.ChunkShown(groups) is { } inFlightChunk)
        {
            AddChart(md, charts, run, $"throughput vs reads in flight at {Units.FormatChunk(inFlightChunk)}", ReadsInFlight.ThroughputChart(run, groups, inFlightChunk));
            AddChart(md, charts, run, $"MB/s per CPU-second vs reads in flight at {Units.FormatChunk(inFlightChunk)}", ReadsInFlight.CpuChart(run, groups, inFlightChunk));
            string cpuTable = ReadsInFlight.Table(groups, inFlightChunk);
            tables["throughput-in-flight"] = cpuTable;
            md.Append($"### Reads in flight and CPU time at {Units.FormatChunk(inFlightChunk)}\n\n")
              .Append("Direct (one blocking pread per thread) against io_uring (one ring per thread, `queue depth` reads in flight each): reads in flight = threads × depth. CPU time is the whole process's user + system time over each window (getrusage), so the kernel's work for the reads is in it; MB/s and MB per CPU-second are medians of the passes.\n\n")
              .Append(cpuTable).Append('\n');
        }
        AppendPoints(md, groups, tables);
        AppendAmplification(md, rows, tables);
        AppendCostModel(md, run, rows, tables);
        AppendFio(md, run, groups, tables);
        if (excluded.Count > 0)
            md.Append("### Left out\n\n").Append(ExcludedRows.Markdown(excluded)).Append('\n');
        return new ReportSection(Title, md.ToString(), charts, warm, tables,
            $"{groups.Count(g => g.Warm)} grid points were warm; they are drawn as grey hollow markers labelled \"warm (page cache)\" and are excluded from the lines, the cost model, the fio check and the key figures.");
    }

    /// <summary>Passes, re-reads and device counters: what the figures rest on.</summary>
    private static string RunFacts(IReadOnlyList<ThroughputRow> rows)
    {
        int passes = rows.Select(r => r.Pass).Distinct().Count();
        long read = rows.Sum(r => r.BytesRead);
        long reread = rows.Sum(r => r.RereadBytes);
        int withoutDevice = rows.Count(r => r.DeviceBytes is null);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"Measured in {SpreadText.Passes(passes)} over the grid, each in its own shuffled order; a point's figure is the median of its passes' medians. " +
            $"{(read > 0 ? reread / (double)read : 0):P1} of the bytes read had been read earlier in the run (fresh offsets first: no byte is read twice until the file has been read)."));
        text.Append(withoutDevice == 0
            ? " Every iteration has the bytes the block device read (`device_bytes`)."
            : string.Create(CultureInfo.InvariantCulture, $" {withoutDevice} of {rows.Count} iterations have no device counters (run.json says why)."));
        return text.ToString();
    }

    private static void AppendPoints(StringBuilder md, IReadOnlyList<ThroughputGroup> groups, Dictionary<string, string> tables)
    {
        if (groups.All(g => g.Warm))
            return;
        md.Append("### Every point\n\nMB/s per thread count (rows) and chunk size (columns): median of the passes [lowest–highest pass], with the interquartile range once there are four passes or more.\n\n");
        foreach (string method in groups.Where(g => !g.Warm).Select(g => g.Method).Distinct())
        {
            string table = ThroughputPointTable.Markdown(groups, method);
            tables[$"throughput-{method}"] = table;
            md.Append($"**{method}**\n\n").Append(table).Append('\n');
        }
    }

    private static void AppendAmplification(StringBuilder md, IReadOnlyList<ThroughputRow> rows, Dictionary<string, string> tables)
    {
        if (!rows.Any(r => ReadAmplification.Applies(r.Method)))
            return;
        string table = ReadAmplification.Markdown(rows);
        md.Append("### Read amplification of the mmap paths\n\n");
        if (table.Length == 0)
        {
            md.Append("No mmap row has device counters, so what the device read is unknown.\n\n");
            return;
        }
        tables["read-amplification"] = table;
        md.Append("Bytes the block device read ÷ bytes delivered (median of the passes): a fault reads at least a page, and with MADV_NORMAL the readahead window around it. Other processes' reads on the same device add to it.\n\n")
          .Append(table).Append('\n');
    }

    private static void AppendCostModel(StringBuilder md, RunDirectory run, IReadOnlyList<ThroughputRow> rows, Dictionary<string, string> tables)
    {
        var costModel = CostModel.Fit(rows);
        CsvFiles.Write(run.Result(CostModelRow.FileName), costModel);
        string costTable = CostModelTable.Markdown(costModel);
        tables["cost-model"] = costTable;
        md.Append("### Cost model: per-read mean latency = t0 + bytes / B\n\n")
          .Append($"Weighted least squares (weights 1/t², MathNet) over chunk sizes at one reader thread, one point per pass and chunk size; 95 % intervals. Fits with R² < {CostModel.MinRSquared} or t0 < 0 are shown as such, not as results. Written to `{CostModelRow.FileName}`.\n\n")
          .Append(costModel.Count > 0 ? costTable : "Not enough chunk sizes to fit at one reader thread (needs two or more).\n").Append('\n');
    }

    private static void AppendFio(StringBuilder md, RunDirectory run, IReadOnlyList<ThroughputGroup> groups, Dictionary<string, string> tables)
    {
        string path = run.Result(FioRow.FileName);
        md.Append("### fio cross-check\n\n");
        if (!File.Exists(path))
        {
            md.Append($"No `{FioRow.FileName}` in this run (scripts/fio-crosscheck.sh writes it).\n");
            return;
        }
        var checks = FioCrossCheck.Compare(groups, CsvFiles.Read<FioRow>(path));
        if (checks.Count == 0)
        {
            md.Append($"`{FioRow.FileName}` has no rows.\n");
            return;
        }
        string table = FioCrossCheck.Table(checks) + "\n" + FioCrossCheck.Summary(checks) + "\n";
        tables["fio"] = table;
        md.Append("fio (psync, direct=1, randread) and FlashBench's direct method in the same rounds, with a second fio run per round as the control; a point is ok when FlashBench ÷ fio lies inside the fio ÷ fio band.\n\n")
          .Append(table);
    }

    private static void AddChart(StringBuilder md, List<string> charts, RunDirectory run, string alt, IReadOnlyList<string> files)
    {
        charts.AddRange(files);
        md.Append(MarkdownText.Chart(alt, run.ResultsPath, files)).Append("\n\n");
    }
}
