using System.Globalization;
using System.Text;
using FlashBench.Core.Results;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Device;

/// <summary>What REPORT.md opens with: the verdict (and, under it, a headline ratio that is not a flash figure:
/// <see cref="HeadlineCaveats"/>), the device timeline and the cases left marked. <see cref="Verdict"/> holds both lines
/// for the console's end.</summary>
public sealed record DeviceSummary(string Verdict, string Markdown, IReadOnlyList<string> ChartFiles)
{
    public static DeviceSummary Build(RunDirectory run)
    {
        var record = DeviceRecord.Load(run);
        string verdict = DeviceVerdict.Of(record);
        var md = new StringBuilder($"**{verdict}**\n\n");
        if (HeadlineCaveats.Of(run) is { } caveat)
        {
            md.Append($"**{caveat}**\n\n");
            verdict += "\n" + caveat;
        }
        if (HeadlineDrift.Of(run) is { } drift)
        {
            md.Append($"**{drift}**\n\n");
            verdict += "\n" + drift;
        }
        if (record is null)
            return new DeviceSummary(verdict, md.ToString(), []);
        var files = DeviceTimelineChart.Save(run, record);
        md.Append(MarkdownText.Chart("device timeline: probe MB/s over the run", run.ResultsPath, files)).Append("\n\n");
        var marked = DeviceCaseOutcomes.Of(record.Cases).LeftMarked;
        if (marked.Count > 0)
            md.Append($"Cases left marked (measured while the device was outside its steady band and not re-measured; their rows are left out of the sections' figures, see `{DeviceCaseRow.FileName}`):\n\n")
              .Append(MarkedTable(marked)).Append('\n');
        return new DeviceSummary(verdict, md.ToString(), files);
    }

    public static string MarkedTable(IEnumerable<DeviceCaseRow> marked)
    {
        var table = new MarkdownTable("experiment", "case", "pass", "probe before ÷ baseline", "probe after ÷ baseline").AlignRight(2, 3, 4);
        foreach (var c in marked)
            table.AddRow(c.Experiment, c.Case, c.Pass.ToString(CultureInfo.InvariantCulture), OfBaseline(c.ProbeBeforeMBps, c.BaselineMBps), OfBaseline(c.ProbeAfterMBps, c.BaselineMBps));
        return table.ToString();
    }

    private static string OfBaseline(double probe, double baseline) => baseline > 0 ? MarkdownText.Number(probe / baseline, 2) : "n/a";
}
