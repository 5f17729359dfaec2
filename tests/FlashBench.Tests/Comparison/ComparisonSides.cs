using FlashBench.Tests.Support;

namespace FlashBench.Tests.Comparison;

/// <summary>Base and head sides of <paramref name="rounds"/> finished runs each under a temporary folder; the
/// writer fills run i of a side (round i; head = true for the head side).</summary>
public sealed class ComparisonSides : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ComparisonSides(int rounds, Action<string, int, bool> write, string headProfile = "quick")
    {
        for (int round = 0; round < rounds; round++)
        {
            string baseRun = ComparisonRuns.NewRun(Root, $"base-{round}");
            string headRun = ComparisonRuns.NewRun(Root, $"head-{round}", headProfile);
            write(baseRun, round, false);
            write(headRun, round, true);
            Base.Add(baseRun);
            Head.Add(headRun);
        }
    }

    public string Root => _temp.Path;

    public List<string> Base { get; } = [];

    public List<string> Head { get; } = [];

    public string BaseArgument => string.Join(",", Base);

    public string HeadArgument => string.Join(",", Head);

    public void Dispose() => _temp.Dispose();
}
