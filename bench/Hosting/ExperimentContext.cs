using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using FlashBench.Bench.Cli;
using FlashBench.Core.Results;

namespace FlashBench.Bench.Hosting;

/// <summary>What an experiment's measurement gets from the host: the run folder, profile, data folder and seed, Ctrl+C,
/// and the one way to record its run.json section and to run its benchmark class.</summary>
public sealed class ExperimentContext(RunDirectory run, RunSettings settings, CancellationToken cancellation)
{
    public RunDirectory Run { get; } = run;
    public RunSettings Settings { get; } = settings;
    public Profile Profile => Settings.Profile;
    public ulong Seed => Settings.Seed;
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Writes <paramref name="experiment"/>'s section of run.json (the common part the first time).</summary>
    public void Record(IExperiment experiment, object section) =>
        RunInfo.Record(Run, experiment.Name, section, ColdIoConfig.BenchmarkDotNetVersion, Profile.Name(), Seed);

    /// <summary>Runs <paramref name="experiment"/>'s benchmark class over <paramref name="plan"/> for <paramref name="passes"/>
    /// passes, each a BenchmarkDotNet session with the cases in a fresh shuffled order. After every case the CSV is
    /// rewritten with all rows so far (an interrupted run keeps them), a line with progress and ETA is printed, and
    /// Ctrl+C is honoured. Returns every measured row.</summary>
    public IReadOnlyList<TRow> Measure<TPlan, TRow>(IExperiment experiment, TPlan plan, int passes = 1, IReadOnlyList<IColumn>? columns = null)
        where TPlan : BenchmarkPlan<TRow>
    {
        string csvPath = Run.Result(experiment.CsvFileName);
        int total = plan.CaseKeys.Count * passes;
        int done = 0;
        var clock = Stopwatch.StartNew();
        plan.OnCaseFinished(key =>
        {
            CsvFiles.Write(csvPath, plan.Rows());
            done++;
            Console.WriteLine($"  [{done}/{total} {Eta(clock.Elapsed, done, total)}] {plan.Summary(key)}");
            Cancellation.ThrowIfCancellationRequested();
        });
        try
        {
            using var slot = PlanSlot<TPlan>.Hand(plan);
            for (int pass = 0; pass < passes; pass++)
            {
                if (passes > 1)
                    Console.WriteLine($"pass {pass + 1}/{passes}");
                plan.BeginPass(pass);
                var order = CaseOrder.Shuffle(plan.CaseKeys, Seed, experiment.Name, pass);
                string artifacts = Path.Combine(Run.ResultsPath, "bdn", passes > 1 ? $"{experiment.Name}-pass{pass + 1}" : experiment.Name);
                var config = plan.Config(artifacts, order);
                foreach (var column in columns ?? [])
                    config.AddColumn(column);
                plan.SessionFinished(pass, BenchmarkSession.Run(experiment.BenchmarkType, config));
            }
        }
        finally
        {
            plan.OnCaseFinished(null);
        }
        var rows = plan.Rows();
        CsvFiles.Write(csvPath, rows);
        return rows;
    }

    private static string Eta(TimeSpan elapsed, int done, int total)
    {
        var remaining = TimeSpan.FromSeconds(elapsed.TotalSeconds / done * (total - done));
        return done == total ? $"{elapsed.TotalMinutes:0.0} min" : string.Create(CultureInfo.InvariantCulture, $"ETA {remaining.TotalMinutes:0.0} min");
    }
}
