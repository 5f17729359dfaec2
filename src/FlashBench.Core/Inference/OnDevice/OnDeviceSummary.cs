using FlashBench.Core.Results;
using MathNet.Numerics.Statistics;

namespace FlashBench.Core.Inference.OnDevice;

/// <summary>on_device.csv's samples → one summary row per case (and prompt length), beside the published iPhone 15 Pro
/// figures and the probe-bound ideal. Pure: no I/O.</summary>
public static class OnDeviceSummary
{
    /// <summary>"about 30 tokens/s" of generation on iPhone 15 Pro (Apple, June 2024).</summary>
    public const double PublishedDecodeTokensPerSecond = 30;

    /// <summary>"about 0.6 ms" of time to first token per prompt token on iPhone 15 Pro (Apple, June 2024).</summary>
    public const double PublishedPrefillMsPerToken = 0.6;

    /// <param name="probeGbps">The memory-bandwidth probe on the threads the kernels ran on (10^9 B/s); a case whose rows
    /// carry their own probe reads (the control after every token) is judged against their median instead.</param>
    /// <param name="diskGbps">The FFN file's read rate without compute (10^9 B/s); null without a flash case.</param>
    /// <param name="prefill">The compute-peak probe (10^9 FLOP/s on the kernels' threads) and the floating-point operations
    /// a prompt token costs in the weight products (2 per weight it multiplies): a prefill's compute-bound ideal; null: none.</param>
    public static List<OnDeviceSummaryRow> Build(IReadOnlyList<OnDeviceRow> rows, double probeGbps, double? diskGbps,
        (double PeakGflops, double FlopsPerPromptToken)? prefill = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.GroupBy(r => (r.Model, r.Case, r.PromptTokens))
            .OrderBy(g => g.Key.Case == OnDeviceRow.Prefill ? 2 : g.Key.Case == OnDeviceRow.DecodeFlash ? 1 : 0).ThenBy(g => g.Key.PromptTokens)
            .Select(g => Summarise(g.ToList(), probeGbps, diskGbps, prefill)).ToList();
    }

    private static OnDeviceSummaryRow Summarise(List<OnDeviceRow> rows, double probeGbps, double? diskGbps, (double PeakGflops, double FlopsPerPromptToken)? compute)
    {
        var first = rows[0];
        bool prefill = first.Case == OnDeviceRow.Prefill;
        // per decode token, or per prompt token
        var ms = rows.Select(r => prefill ? r.Ms / r.PromptTokens : r.Ms).ToArray();
        double median = ms.Median();
        long weightBytes = (long)rows.Select(r => (double)r.WeightBytes).Median();
        var controls = rows.Where(r => r.ProbeGbps is > 0).Select(r => r.ProbeGbps!.Value).ToList();
        if (controls.Count > 0)
            probeGbps = controls.Median();
        double? ideal = null;
        // a prefill's rows may carry their own compute-peak control (before and after each prompt): judged against it
        var peaks = rows.Where(r => r.ComputeGflops is > 0).Select(r => r.ComputeGflops!.Value).ToList();
        if (prefill && peaks.Count > 0 && compute is { } given)
            compute = (peaks.Median(), given.FlopsPerPromptToken);
        if (prefill && compute is { PeakGflops: > 0, FlopsPerPromptToken: > 0 } c)
            ideal = c.PeakGflops * 1e9 / c.FlopsPerPromptToken;
        if (!prefill)
        {
            double seconds = weightBytes / (probeGbps * 1e9);
            if (first.Case == OnDeviceRow.DecodeFlash && diskGbps is > 0)
                seconds = Math.Max(seconds, rows.Select(r => (double)r.BytesRead).Median() / (diskGbps.Value * 1e9));
            ideal = 1 / seconds;
        }
        double tokensPerSecond = 1000 / median;
        return new OnDeviceSummaryRow
        {
            Model = first.Model,
            Case = first.Case,
            PromptTokens = first.PromptTokens,
            Samples = rows.Count,
            MedianMs = median,
            P10Ms = ms.Quantile(0.1),
            P90Ms = ms.Quantile(0.9),
            TokensPerSecond = tokensPerSecond,
            WeightBytesPerToken = prefill ? weightBytes / first.PromptTokens : weightBytes,
            ProbeGbps = probeGbps,
            ComputeGflops = prefill ? compute?.PeakGflops : null,
            DiskGbps = first.Case == OnDeviceRow.DecodeFlash ? diskGbps : null,
            IdealTokensPerSecond = ideal,
            IdealFraction = ideal is { } i ? tokensPerSecond / i : null,
            Published = prefill ? PublishedPrefillMsPerToken : PublishedDecodeTokensPerSecond,
            PublishedUnit = prefill ? "ms per prompt token" : "tokens/s",
            VsPublished = prefill ? median / PublishedPrefillMsPerToken : tokensPerSecond / PublishedDecodeTokensPerSecond,
            MedianIoMs = first.Case == OnDeviceRow.DecodeFlash ? rows.Select(r => r.IoMs).Median() : null,
            MedianStallMs = first.Case == OnDeviceRow.DecodeFlash ? rows.Select(r => r.StallMs).Median() : null,
            Path = first.Path,
            Threads = first.Threads,
            ReadMethod = first.ReadMethod,
        };
    }
}
