using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Filters;
using FlashBench.Bench.Cli;
using FlashBench.Core.DeviceWatch;
using MathNet.Numerics.Statistics;
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
        int done = 0, measuring = 0, attempt = 0;
        var clock = Stopwatch.StartNew();
        plan.OnCaseFinished(key =>
        {
            CsvFiles.Write(csvPath, plan.Rows());
            done++;
            Console.WriteLine($"  [{done}/{total} {Eta(clock.Elapsed, done, total)}] {plan.Summary(key)}");
            if (watch is not null)
            {
                watch.CaseFinished(experiment.Name, key, measuring, attempt);
                if (watch.SecondsSinceProbe >= plan.ProbeEvery.TotalSeconds)
                    Judge(experiment, plan, watch.Probe(experiment.Name, key));
            }
            Cancellation.ThrowIfCancellationRequested();
        });
        try
        {
            using var slot = PlanSlot<TPlan>.Hand(plan);
            if (watch is not null)
                plan.ProbeInside = key => watch.ProbeInside(experiment.Name, key);
            var pairedOrder = CaseOrder.Shuffle(plan.CaseKeys, Seed, experiment.Name, 0);
            IReadOnlyList<string> OrderOf(int pass) => plan.Paired
                ? (pass % 2 == 0 ? pairedOrder : pairedOrder.Reverse().ToList())
                : CaseOrder.Shuffle(plan.CaseKeys, Seed, experiment.Name, pass);
            var measuredAgain = new HashSet<(int Pass, string Case)>();
            for (int pass = 0; pass < passes; pass++)
            {
                if (passes > 1)
                    Console.WriteLine($"pass {pass + 1}/{passes}");
                (measuring, attempt) = (pass, 0);
                RunPass(experiment, plan, pass, OrderOf(pass), passes, columns, "");
                if (watch is null)
                    continue;
                if (watch.HasPending)
                    Judge(experiment, plan, watch.Probe(experiment.Name, ""));
                FlagSlowTokens(experiment, plan, watch, pass);
                // measured again at most once, once the device is back: the degraded case, or its whole pass when paired
                var degraded = watch.Cases.Where(c => c.Experiment == experiment.Name && c.State == DeviceStates.Degraded && !measuredAgain.Contains((c.Pass, c.Case)))
                    .GroupBy(c => c.Pass).OrderBy(g => g.Key).ToList();
                if (degraded.Count == 0)
                    continue;
                foreach (var c in degraded.SelectMany(g => g))
                    measuredAgain.Add((c.Pass, c.Case));
                if (!watch.WaitUntilBack(experiment.Name))
                    continue;
                foreach (var group in degraded)
                {
                    var cases = group.Select(c => c.Case).ToHashSet();
                    var again = plan.Paired ? OrderOf(group.Key) : OrderOf(group.Key).Where(cases.Contains).ToList();
                    foreach (string key in again)
                    {
                        measuredAgain.Add((group.Key, key));
                        watch.MarkReplaced(experiment.Name, key, group.Key);
                        plan.Discard(group.Key, key);
                        plan.Device.Set(group.Key, key, DeviceStates.Unwatched);
                    }
                    (measuring, attempt) = (group.Key, 1);
                    total += again.Count;
                    Console.WriteLine($"measuring again (pass {group.Key + 1}): {string.Join(", ", again)}");
                    RunPass(experiment, plan, group.Key, again, passes, columns, "-again");
                    if (watch.HasPending)
                        Judge(experiment, plan, watch.Probe(experiment.Name, ""));
                }
                FlagSlowTokens(experiment, plan, watch, pass);
            }
            watch?.RecordRunInfo();
        }
        finally
        {
            plan.OnCaseFinished(null);
            plan.ProbeInside = null;
        }
        var rows = plan.Rows();
        CsvFiles.Write(csvPath, rows);
        return rows;
    }

    /// <summary>Sets the judged cases' states in the plan (its rows' device_state) and names the degraded ones.</summary>
    private static void Judge<TRow>(IExperiment experiment, BenchmarkPlan<TRow> plan, IReadOnlyList<DeviceCaseRow> judged)
    {
        foreach (var row in judged.Where(r => r.Experiment == experiment.Name))
        {
            plan.Device.Set(row.Pass, row.Case, row.State);
            if (row.State == DeviceStates.Degraded)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  DEGRADED {row.Case} (pass {row.Pass + 1}): probes {row.ProbeBeforeMBps:0.0} → {row.ProbeAfterMBps:0.0} MB/s against a baseline of {row.BaselineMBps:0.0}"));
        }
    }

    /// <summary>A slowdown inside a case that both probes beside it missed (it began and ended between them) shows in the
    /// case's own reads: a case measurement with a token read at under <see cref="DeviceWatchOptions.SlowTokenFraction"/>
    /// of the median rate of its series, over every steady measurement of that case up to <paramref name="lastPass"/>, is
    /// degraded.</summary>
    private static void FlagSlowTokens<TRow>(IExperiment experiment, BenchmarkPlan<TRow> plan, RunDeviceWatch watch, int lastPass)
    {
        double fraction = watch.Watch.Options.SlowTokenFraction;
        foreach (string key in plan.CaseKeys)
        {
            var steady = Enumerable.Range(0, lastPass + 1)
                .Where(p => plan.Device.StateOf(p, key) == DeviceStates.Steady)
                .Select(p => (Pass: p, Rates: plan.TokenReadRates(p, key)))
                .Where(m => m.Rates.Count > 0).ToList();
            var medians = steady.SelectMany(m => m.Rates).GroupBy(r => r.Series)
                .ToDictionary(g => g.Key, g => g.Select(r => r.BytesPerSecond).Median());
            foreach (var (pass, rates) in steady)
            {
                double slowest = rates.Min(r => r.BytesPerSecond / medians[r.Series]);
                if (slowest >= fraction)
                    continue;
                string reason = string.Create(CultureInfo.InvariantCulture, $"slow token: read at {slowest:0.00} of its case's median rate");
                watch.MarkDegraded(experiment.Name, key, pass, reason);
                plan.Device.Set(pass, key, DeviceStates.Degraded);
                Console.WriteLine($"  DEGRADED {key} (pass {pass + 1}): {reason}");
            }
        }
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
