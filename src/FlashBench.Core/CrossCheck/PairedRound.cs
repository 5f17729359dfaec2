using FlashBench.Core.Results;

namespace FlashBench.Core.CrossCheck;

/// <summary>The three measurements of one cross-check round at one point.</summary>
public enum RoundRole
{
    /// <summary>fio, the reference FlashBench is divided by.</summary>
    Fio,
    /// <summary>FlashBench's direct method.</summary>
    FlashBench,
    /// <summary>fio again: fio ÷ fio in the same rounds is the device's own noise band.</summary>
    FioControl,
}

/// <summary>One round at one point: fio, FlashBench's direct method and a second fio run, back to back in an order
/// that rotates from round to round, so no measurement always follows another and a drifting device touches each
/// alike. Ratios are taken within the round: FlashBench ÷ fio, and the control fio ÷ fio.</summary>
public static class PairedRound
{
    private static readonly RoundRole[][] Rotations =
    [
        [RoundRole.Fio, RoundRole.FlashBench, RoundRole.FioControl],
        [RoundRole.FlashBench, RoundRole.FioControl, RoundRole.Fio],
        [RoundRole.FioControl, RoundRole.Fio, RoundRole.FlashBench],
    ];

    public static IReadOnlyList<RoundRole> Order(int round) => Rotations[round % Rotations.Length];

    /// <summary>Runs round <paramref name="round"/> of <paramref name="rounds"/>: fio twice through <see cref="FioProcess"/>,
    /// FlashBench through <paramref name="measureFlashBench"/> (MB/s of FlashBench's direct method at the job's point).</summary>
    public static FioRow Run(FioJob job, int round, int rounds, Func<double> measureFlashBench, CancellationToken cancellation = default) =>
        Run(round, rounds, () => FioProcess.Measure(job, cancellation), measureFlashBench, cancellation);

    /// <summary>The same with any fio source (for tests of the round logic without a device).</summary>
    public static FioRow Run(int round, int rounds, Func<FioRow> measureFio, Func<double> measureFlashBench, CancellationToken cancellation = default)
    {
        FioRow? fio = null, control = null;
        double flashBench = double.NaN;
        foreach (var role in Order(round))
        {
            cancellation.ThrowIfCancellationRequested();
            switch (role)
            {
                case RoundRole.Fio: fio = measureFio(); break;
                case RoundRole.FioControl: control = measureFio(); break;
                default: flashBench = measureFlashBench(); break;
            }
        }
        return Row(round, rounds, fio!, flashBench, control!);
    }

    /// <summary>fio's row of the round with FlashBench's figure, the control's and both ratios beside it.</summary>
    public static FioRow Row(int round, int rounds, FioRow fio, double flashBenchMBps, FioRow control)
    {
        fio.Round = round;
        fio.Rounds = rounds;
        fio.Order = string.Join(" ", Order(round).Select(Label));
        fio.FlashBenchDirectMBps = flashBenchMBps;
        fio.Ratio = fio.ThroughputMBps > 0 ? flashBenchMBps / fio.ThroughputMBps : null;
        fio.ControlMBps = control.ThroughputMBps;
        fio.ControlRatio = fio.ThroughputMBps > 0 ? control.ThroughputMBps / fio.ThroughputMBps : null;
        return fio;
    }

    private static string Label(RoundRole role) => role switch
    {
        RoundRole.Fio => "fio",
        RoundRole.FlashBench => "flashbench",
        _ => "fio-control",
    };
}
