using System.Runtime;

namespace FlashBench.Core.Throughput;

/// <summary>Keeps the garbage collector out of a measured window: <see cref="GC.TryStartNoGCRegion(long)"/> before it
/// (collecting first if the budget is not free, outside the window) and the region ended after. The readers allocate
/// nothing, so the budget only covers what the runtime itself might allocate meanwhile.</summary>
internal readonly struct NoGcWindow : IDisposable
{
    private const long Budget = 16L << 20;

    private readonly bool _started;

    private NoGcWindow(bool started) => _started = started;

    public static NoGcWindow Enter()
    {
        try
        {
            return new NoGcWindow(GCSettings.LatencyMode != GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(Budget));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            return new NoGcWindow(false);
        }
    }

    public void Dispose()
    {
        // The region ends by itself if more than the budget was allocated; ending it again would throw.
        if (_started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            GC.EndNoGCRegion();
    }
}
