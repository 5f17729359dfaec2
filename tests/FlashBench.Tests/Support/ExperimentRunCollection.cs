namespace FlashBench.Tests.Support;

/// <summary>Tests that run a whole experiment in-process share one collection that never runs in parallel with
/// another: a run owns the console's live display (file-creation progress), the plan slot of its benchmark class and
/// the device it measures, as it does when a user runs it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExperimentRunCollection
{
    public const string Name = "experiment runs";
}
