using FlashBench.Bench.Hosting;
using FlashBench.Core.Results;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.OnDevice;

namespace FlashBench.Bench.Experiments.OnDevice;

/// <summary>`on-device`: Apple's on-device model (afm-3b, 3.5-bit palettized) decoded and prefilled with real compute on
/// synthetic weights, beside Apple's published iPhone 15 Pro figures (30 tokens/s, 0.6 ms per prompt token) and this
/// machine's probe-bound ideal: decode with every weight in DRAM, decode with the FFN read from flash every token (a DRAM
/// budget of half the model), and prefill of 128 / 512 / 2048-token prompts as one batch. Timed directly (one stopwatch per
/// token or prompt), not through BenchmarkDotNet: a token is already a long, whole measurement. Not in the default suite
/// (the whole model's prefill is minutes of 2-core compute); run it as its own command. Writes on_device.csv,
/// on_device_summary.csv and its run.json section.</summary>
public sealed class OnDeviceExperiment : Experiment<OnDeviceOptions>
{
    public override string Name => "on-device";

    public override string Description =>
        "Apple's on-device model (afm-3b, 3.5-bit palettized): decode tokens/s in DRAM and with the FFN streamed from flash, prefill ms per prompt token, beside the published iPhone 15 Pro figures";

    public override int Order => 32;

    public override bool InDefaultSuite => false;

    public override Type RowType => typeof(OnDeviceRow);

    public override string CsvFileName => OnDeviceRow.FileName;

    /// <summary>No BenchmarkDotNet class: <see cref="OnDeviceRun"/> times the tokens itself.</summary>
    public override Type BenchmarkType => typeof(OnDeviceRun);

    public override IReadOnlyList<IExperimentReport> Reports => [new OnDeviceReport()];

    public override IReadOnlyList<IComparisonDescriptor> Comparisons =>
    [
        ComparisonDescriptor.For<OnDeviceRow>(Name, CsvFileName)
            .Keys(r => r.Model, r => r.Case, r => r.PromptTokens)
            .Samples(r => r.Sample)
            .Metric(r => r.Ms, MetricDirection.LowerIsBetter)
            .Family(r => $"{Name} {r.Case}")
            .Build(),
    ];

    public override OnDeviceOptions Defaults(Cli.Profile profile, string dataDirectory) => OnDeviceOptions.ForProfile(profile, dataDirectory);

    protected override IOptionBinder<OnDeviceOptions> CreateBinder() => new OnDeviceOptions.Binder();

    public override Action<ExperimentContext> Prepare(OnDeviceOptions options)
    {
        options.Validate();
        return context => new OnDeviceRun(this, options, context).Measure();
    }
}
