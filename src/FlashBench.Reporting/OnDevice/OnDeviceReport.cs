using System.Text;
using FlashBench.Core.Results;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.OnDevice;

/// <summary>on_device_summary.csv → one table: afm-3b's decode (DRAM, FFN from flash) and prefill beside Apple's published
/// iPhone 15 Pro figures and this machine's probe-bound ideal, with where the gap comes from.</summary>
public sealed class OnDeviceReport : IExperimentReport
{
    public const string Title = "On-device model (AFM, beyond the paper)";

    public const string TableName = "on-device";

    public bool HasData(RunDirectory run) => File.Exists(run.Result(OnDeviceSummaryRow.FileName));

    public ReportSection Build(RunDirectory run)
    {
        var rows = CsvFiles.Read<OnDeviceSummaryRow>(run.Result(OnDeviceSummaryRow.FileName));
        var table = Table(rows);
        var md = new StringBuilder();
        if (rows.Count > 0)
        {
            var first = rows[0];
            md.AppendLine($"Model {first.Model} at 3.5 bits per weight (palettized: a quarter of the row groups at 2 bits, the rest at 4; every matrix and the shared embedding), synthetic weights, real compute on {first.Threads} threads; the FFN streamed from flash {(rows.FirstOrDefault(r => r.Case == OnDeviceRow.DecodeFlash) is { } f ? $"with {f.ReadMethod} reads" : "not measured")}. " +
                "Published: Apple, \"Introducing Apple's On-Device and Server Foundation Models\" (June 2024), iPhone 15 Pro: about 30 tokens/s and 0.6 ms per prompt token.");
            md.AppendLine();
        }
        md.Append(table);
        md.AppendLine();
        md.AppendLine("Ideal, decode: weight bytes per token ÷ the memory-bandwidth probe read after every token (and for the FFN from flash the slower of that and the bytes read ÷ the FFN file's measured read rate; the reads overlap compute). " +
            "Ideal, prefill: the compute-peak probe (register-only multiply-adds on the same threads) ÷ the FLOPs of a prompt token's weight products. " +
            "Prefill is compute-bound: a prompt multiplies every weight by every token, about 2.6 G multiply-adds (5.2 GFLOP) per prompt token, which this CPU runs on its vector units while the iPhone runs them on its neural engine " +
            "(Apple gives no breakdown); the gap to 0.6 ms is that hardware, not memory bandwidth.");
        return new ReportSection(Title, md.ToString(), [], Tables: new Dictionary<string, string> { [TableName] = table });
    }

    public static string Table(IReadOnlyList<OnDeviceSummaryRow> rows)
    {
        var table = new MarkdownTable("case", "prompt", "median (p10–p90)", "tokens/s", "ideal tokens/s", "÷ ideal", "published (iPhone 15 Pro)", "vs published", "path").AlignRight(1, 2, 3, 4, 5, 7);
        foreach (var r in rows)
        {
            bool prefill = r.Case == OnDeviceRow.Prefill;
            table.AddRow(r.Case,
                prefill ? r.PromptTokens.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                $"{MarkdownText.Number(r.MedianMs, 2)} ({MarkdownText.Number(r.P10Ms, 2)}–{MarkdownText.Number(r.P90Ms, 2)}) ms{(prefill ? " per prompt token" : " per token")}",
                MarkdownText.Number(r.TokensPerSecond, prefill ? 0 : 2),
                r.IdealTokensPerSecond is { } ideal ? MarkdownText.Number(ideal, 2) : "—",
                r.IdealFraction is { } fraction ? MarkdownText.Number(fraction, 2) : "—",
                prefill ? "0.6 ms per prompt token" : "30 tokens/s",
                prefill ? $"{MarkdownText.Number(r.VsPublished, 1)}x slower" : $"{MarkdownText.Number(r.VsPublished, 3)}x the rate",
                r.Path);
        }
        return table.ToString();
    }
}
