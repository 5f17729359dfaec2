using System.CommandLine;
using FlashBench.Bench.Cli;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;

namespace FlashBench.Bench.Hosting;

/// <summary>The shape every experiment shares: defaults per profile (the experiment's design), options that override
/// them, and <see cref="Prepare"/>, which refuses bad input before anything is written and returns the measurement.
/// The command and the suite both go through <see cref="ExperimentHost"/>, so the lifecycle exists once.</summary>
public abstract class Experiment<TOptions> : IExperiment
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public abstract int Order { get; }

    public virtual bool InDefaultSuite => true;

    public abstract Type RowType { get; }

    public abstract string CsvFileName { get; }

    public abstract Type BenchmarkType { get; }

    public abstract IReadOnlyList<IExperimentReport> Reports { get; }

    public abstract IReadOnlyList<IComparisonDescriptor> Comparisons { get; }

    /// <summary>The profile's design: grid, k list, precisions, models, sizes.</summary>
    public abstract TOptions Defaults(Profile profile, string dataDirectory);

    protected abstract IOptionBinder<TOptions> CreateBinder();

    /// <summary>Validates <paramref name="options"/> (throwing <see cref="UsageException"/>) and everything else that can
    /// refuse the run; returns the measurement, which the host runs inside the run folder.</summary>
    public abstract Action<ExperimentContext> Prepare(TOptions options);

    /// <summary>Every data file the measurement of <paramref name="options"/> reads, so the host can check their room and
    /// write them before anything is measured.</summary>
    public virtual IReadOnlyList<DataFile> DataFiles(TOptions options) => [];

    public IReadOnlyList<DataFile> SuiteDataFiles(RunSettings settings) => DataFiles(Defaults(settings.Profile, settings.DataDirectory));

    public Command BuildCommand()
    {
        var common = new CommonOptions();
        var binder = CreateBinder();
        var command = new Command(Name, Description);
        common.AddTo(command);
        foreach (var option in binder.Options)
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var settings = common.Settings(parse);
            var options = binder.Apply(Defaults(settings.Profile, settings.DataDirectory), parse);
            var measure = Prepare(options);
            return ExperimentHost.RunStandalone(Name, settings, measure, DataFiles(options));
        });
        return command;
    }

    public void RunInSuite(ExperimentContext context) =>
        Prepare(Defaults(context.Profile, context.Settings.DataDirectory))(context);
}
