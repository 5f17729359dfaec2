namespace FlashBench.Bench.Experiments.Micro.Lockstep;

/// <summary>One build's micro benchmarks as the lockstep runner sees them: what it has, and a timed slice on request.</summary>
public interface ILockstepSide : IDisposable
{
    /// <summary>family/name → operations per call, in the build's order.</summary>
    IReadOnlyList<(string Family, string Name, int OperationsPerCall)> Cases { get; }

    (double Nanoseconds, long AllocatedBytes) Run(string key, long calls);
}
