using System.Text;
using FlashBench.Core.Results;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Throughput;

/// <summary>The flash read-throughput experiment (paper §2.2, Fig. 2b): charts, the t0 + bytes/B cost
/// model (cost_model.csv), the fio cross-check when fio.csv exists, and the key figures.</summary>
public sealed class ThroughputReport(string experiment) : IExperimentReport
{
    public bool HasData(RunDirectory run) => File.Exists(run.Result(ThroughputRow.FileName));

    public ReportSection Build(RunDirectory run)
    {
        var rows = CsvFiles.Read<ThroughputRow>(run.Result(ThroughputRow.FileName));
        if (rows.Count == 0)
            throw new InvalidDataException($"{run.Result(ThroughputRow.FileName)} has a header but no rows");
        var groups = ThroughputGroup.From(rows);
        bool warm = groups.Any(g => g.Warm);
        int threads = ThroughputKeyFigures.ThreadsShown(groups);
        var charts = new List<string>();
        var md = new StringBuilder();

        if (rows.Any(r => r.VerifyFailures > 0))
            md.Append(MarkdownText.Red($"{rows.Sum(r => r.VerifyFailures)} reads failed content verification.")).Append("\n\n");

        string keyTable = ThroughputKeyFigures.Table(groups);
        md.Append("Key figures (median over iterations, cold cache):\n\n").Append(keyTable).Append('\n')
          .Append(ThroughputKeyFigures.PaperStatement).Append("\n\n");

        if (threads > 0)
            AddChart(md, charts, run, $"all methods at {threads} threads", ThroughputCharts.MethodsAtThreads(run, groups, threads));
        foreach (string method in groups.Select(g => g.Method).Distinct())
            AddChart(md, charts, run, $"{method} throughput vs chunk size", ThroughputCharts.PerMethod(run, method, groups));
        if (threads > 0)
            AddChart(md, charts, run, $"per-read latency at {threads} threads", ThroughputCharts.Latency(run, groups, threads));

        var costModel = CostModel.Fit(rows);
        CsvFiles.Write(run.Result(CostModelRow.FileName), costModel);
        string costTable = CostModelTable.Markdown(costModel);
        md.Append("### Cost model: per-read mean latency = t0 + bytes / B\n\n")
          .Append($"Least-squares fit over chunk sizes (MathNet `Fit.Line`), one point per cold iteration; B is per reader thread. Written to `{CostModelRow.FileName}`.\n\n")
          .Append(costModel.Count > 0 ? costTable : "Not enough chunk sizes to fit (needs two or more).\n").Append('\n');

        var tables = new Dictionary<string, string> { [experiment] = keyTable, ["cost-model"] = costTable };
        AppendFio(md, run, groups, tables);
        return new ReportSection("Flash read throughput (Fig. 2b)", md.ToString(), charts, warm, tables,
            $"{WarmCount(groups)} grid points were warm; they are drawn as grey hollow markers labelled \"warm (page cache)\" and are excluded from the lines, the cost model, the fio check and the key figures.");
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
        var comparisons = FioCrossCheck.Compare(groups, CsvFiles.Read<FioRow>(path));
        if (comparisons.Count == 0)
        {
            md.Append($"`{FioRow.FileName}` shares no grid point with the cold `direct` measurements.\n");
            return;
        }
        string table = FioCrossCheck.Table(comparisons);
        tables["fio"] = table;
        int below = comparisons.Count(c => c.BelowFio);
        md.Append(table).Append('\n').Append(below == 0
            ? $"Every point is within {FioCrossCheck.Tolerance:P0} of fio.\n"
            : MarkdownText.Red($"{below} of {comparisons.Count} points are below {FioCrossCheck.Tolerance:F2} × fio.") + "\n");
    }

    private static void AddChart(StringBuilder md, List<string> charts, RunDirectory run, string alt, IReadOnlyList<string> files)
    {
        charts.AddRange(files);
        md.Append(MarkdownText.Chart(alt, run.ResultsPath, files)).Append("\n\n");
    }

    private static int WarmCount(IReadOnlyList<ThroughputGroup> groups) => groups.Count(g => g.Warm);
}
