using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Filters;
using FlashBench.Bench.Cli;
using FlashBench.Core.Results;

namespace FlashBench.Bench.Hosting;

/// <summary>What an experiment's measurement gets from the host: the run folder, profile, data folder and seed, Ctrl+C,
/// the device watch, and the one way to record its run.json section and to run its benchmark class.</summary>
public sealed class ExperimentContext(RunDirectory run, RunSettings settings, CancellationToken cancellation, RunDeviceWatch? device = null)
{
    public RunDirectory Run { get; } = run;
    public RunSettings Settings { get; } = settings;
    public Profile Profile => Settings.Profile;
    public ulong Seed => Settings.Seed;
    public CancellationToken Cancellation { get; } = cancellation;
    /// <summary>The run's device watch; null where the device is not watched.</summary>
    public RunDeviceWatch? Device { get; } = device;

    /// <summary>Writes <paramref name="experiment"/>'s section of run.json (the common part the first time).</summary>
    public void Record(IExperiment experiment, object section) =>
        RunInfo.Record(Run, experiment.Name, section, ColdIoConfig.BenchmarkDotNetVersion, Profile.Name(), Seed);

    /// <summary>Runs <paramref name="experiment"/>'s benchmark class over <paramref name="plan"/> for <paramref name="passes"/>
    /// passes, each a BenchmarkDotNet session; cases run in a fresh shuffled order per pass, or, for a paired plan, in one
    /// order that alternates (A B C, C B A, …) so that the sides of every ratio are neighbours in time. After every case
    /// the CSV is rewritten with all rows so far (an interrupted run keeps them), the device is probed (at most every
    /// <see cref="BenchmarkPlan{TRow}.ProbeEvery"/>), a line with progress and ETA is printed, and Ctrl+C is honoured. A
    /// case measured while the device was outside its steady band is measured again once the device is back (its whole
    /// pass, for a paired plan), or kept and marked degraded. Returns every measured row.</summary>
    public IReadOnlyList<TRow> Measure<TPlan, TRow>(IExperiment experiment, TPlan plan, int passes = 1, IReadOnlyList<IColumn>? columns = null)
        where TPlan : BenchmarkPlan<TRow>
    {
        string csvPath = Run.Result(experiment.CsvFileName);
        var watch = plan.WatchesDevice ? Device : null;
        int total = plan.CaseKeys.Count * passes;
        int done = 0, pass = 0, attempt = 0;
        var clock = Stopwatch.StartNew();
        void Judge(IReadOnlyList<DeviceCaseRow> judged)
        {
            foreach (var row in judged.Where(r => r.Experiment == experiment.Name))
            {
                plan.Device.Set(row.Pass, row.Case, row.State);
                if (row.State == DeviceStates.Degraded)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  DEGRADED {row.Case} (pass {row.Pass + 1}): probes {row.ProbeBeforeMBps:0.0} → {row.ProbeAfterMBps:0.0} MB/s against a baseline of {row.BaselineMBps:0.0}"));
            }
        }
        plan.OnCaseFinished(key =>
        {
            CsvFiles.Write(csvPath, plan.Rows());
            done++;
            Console.WriteLine($"  [{done}/{total} {Eta(clock.Elapsed, done, total)}] {plan.Summary(key)}");
            if (watch is not null)
            {
                watch.CaseFinished(experiment.Name, key, pass, attempt);
                if (watch.SecondsSinceProbe >= plan.ProbeEvery.TotalSeconds)
                    Judge(watch.Probe(experiment.Name, key));
            }
            Cancellation.ThrowIfCancellationRequested();
        });
        try
        {
            using var slot = PlanSlot<TPlan>.Hand(plan);
            var pairedOrder = CaseOrder.Shuffle(plan.CaseKeys, Seed, experiment.Name, 0);
            for (pass = 0; pass < passes; pass++)
            {
                attempt = 0;
                if (passes > 1)
                    Console.WriteLine($"pass {pass + 1}/{passes}");
                var order = plan.Paired
                    ? (pass % 2 == 0 ? pairedOrder : pairedOrder.Reverse().ToList())
                    : CaseOrder.Shuffle(plan.CaseKeys, Seed, experiment.Name, pass);
                RunPass(experiment, plan, pass, order, passes, columns, "");
                if (watch is null)
                    continue;
                if (watch.HasPending)
                    Judge(watch.Probe(experiment.Name, ""));
                var degraded = watch.Cases.Where(c => c.Experiment == experiment.Name && c.Pass == pass && c.State == DeviceStates.Degraded)
                    .Select(c => c.Case).ToHashSet();
                if (degraded.Count == 0 || !watch.WaitUntilBack(experiment.Name))
                    continue;
                var again = plan.Paired ? order : order.Where(degraded.Contains).ToList();
                foreach (string key in again)
                {
                    watch.MarkReplaced(experiment.Name, key, pass);
                    plan.Discard(pass, key);
                    plan.Device.Set(pass, key, DeviceStates.Unwatched);
                }
                attempt = 1;
                total += again.Count;
                Console.WriteLine($"measuring again: {string.Join(", ", again)}");
                RunPass(experiment, plan, pass, again, passes, columns, "-again");
                if (watch.HasPending)
                    Judge(watch.Probe(experiment.Name, ""));
            }
            watch?.RecordRunInfo();
        }
        finally
        {
            plan.OnCaseFinished(null);
        }
        var rows = plan.Rows();
        CsvFiles.Write(csvPath, rows);
        return rows;
    }

    private void RunPass<TRow>(IExperiment experiment, BenchmarkPlan<TRow> plan, int pass, IReadOnlyList<string> order, int passes,
        IReadOnlyList<IColumn>? columns, string suffix)
    {
        plan.BeginPass(pass);
        string artifacts = Path.Combine(Run.ResultsPath, "bdn", (passes > 1 ? $"{experiment.Name}-pass{pass + 1}" : experiment.Name) + suffix);
        var config = plan.Config(artifacts, order);
        if (order.Count < plan.CaseKeys.Count)
        {
            var only = order.ToHashSet();
            config.AddFilter(new SimpleFilter(c => only.Contains(CaseOrderer.KeyOf(c))));
        }
        foreach (var column in columns ?? [])
            config.AddColumn(column);
        plan.SessionFinished(pass, BenchmarkSession.Run(experiment.BenchmarkType, config));
    }

    private static string Eta(TimeSpan elapsed, int done, int total)
    {
        var remaining = TimeSpan.FromSeconds(elapsed.TotalSeconds / done * Math.Max(0, total - done));
        return done >= total ? $"{elapsed.TotalMinutes:0.0} min" : string.Create(CultureInfo.InvariantCulture, $"ETA {remaining.TotalMinutes:0.0} min");
    }
}
