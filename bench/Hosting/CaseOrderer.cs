using System.Collections.Immutable;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Running;

namespace FlashBench.Bench.Hosting;

/// <summary>Runs the benchmark cases in an order the plan chose (a fresh shuffle per pass), not in BenchmarkDotNet's
/// declaration order: a fixed order would let a device's drift or a burst always land on the same points.
/// Cases are identified by their <c>Case</c> parameter (every hosted benchmark has one).</summary>
public sealed class CaseOrderer(IReadOnlyList<string> order) : DefaultOrderer
{
    public const string CaseParameter = "Case";

    public override IEnumerable<BenchmarkCase> GetExecutionOrder(ImmutableArray<BenchmarkCase> benchmarksCase,
        IEnumerable<BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule>? order1 = null)
    {
        var position = order.Select((key, index) => (key, index)).ToDictionary(p => p.key, p => p.index);
        return benchmarksCase.OrderBy(c => position.TryGetValue(KeyOf(c), out int index) ? index : int.MaxValue);
    }

    public static string KeyOf(BenchmarkCase benchmarkCase) => (string)benchmarkCase.Parameters[CaseParameter];
}
