namespace FlashBench.Bench.Experiments.Micro.Lockstep;

/// <summary>A side served by this process's own micro cases, without a worker: for the runner's tests and for a build
/// compared with itself in one process.</summary>
public sealed class InProcessSide(IReadOnlyList<MicroCase> cases) : ILockstepSide
{
    public IReadOnlyList<(string Family, string Name, int OperationsPerCall)> Cases { get; } =
        cases.Select(c => (c.Family, c.Name, c.OperationsPerCall)).ToList();

    public (double Nanoseconds, long AllocatedBytes) Run(string key, long calls) =>
        MicroWorker.Slice(cases.First(c => c.Key == key), calls);

    public void Dispose()
    {
    }
}
