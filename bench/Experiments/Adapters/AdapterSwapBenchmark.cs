using BenchmarkDotNet.Attributes;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Adapters;
using FlashBench.Core.Machine;
using FlashBench.Core.Native;
using FlashBench.Core.PageCache;

namespace FlashBench.Bench.Experiments.Adapters;

/// <summary>Adapters swapped from flash (Apple's June 2024 post: adapters "dynamically loaded … and swapped"). One case,
/// the model; one iteration = one round over a fresh copy of the files: for every adapter (the order rotating by round),
/// every side (layout × method, the order alternating by adapter and round): the file evicted, the swap read into DRAM
/// (timed), one layer block of it checked, the first token after the swap and a steady token, then the I/O control at the
/// swap's mean read size. The device is probed between adapters.</summary>
public class AdapterSwapBenchmark
{
    private static AdaptersPlan Plan => PlanSlot<AdaptersPlan>.Current;

    private AlignedBuffer? _buffer;
    private BlockDeviceCounter? _device;
    private byte[] _expected = [];
    private int _copy;
    private bool _reused;
    private int _round;
    private List<SwapMeasurement> _measured = [];

    public static IEnumerable<string> CaseKeys => Plan.CaseKeys;

    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Allocate()
    {
        var geometry = Plan.Options.Geometry;
        _buffer = new AlignedBuffer((int)geometry.AdapterBlockBytes);
        _expected = new byte[geometry.LayerBlockBytes];
        _device = BlockDeviceCounter.TryOpen(Plan.Options.Store(AdapterLayout.PerLayer, 0, 0).Files[0], out _);
    }

    [IterationSetup]
    public void TakeCopy()
    {
        (_copy, _reused) = Plan.NextCopy();
        _measured = [];
    }

    [Benchmark]
    public double SwapRound()
    {
        var plan = Plan;
        var options = plan.Options;
        int adapters = options.Tasks.Count;
        double checksum = 0;
        for (int i = 0; i < adapters; i++)
        {
            int adapter = (i + _round) % adapters;
            bool reverse = (i + _round) % 2 == 1;
            var sides = reverse ? plan.Sides.Reverse() : plan.Sides;
            foreach (var side in sides)
            {
                _measured.Add(Swap(plan, side, adapter));
                checksum += plan.Token.Checksum;
            }
            plan.ProbeInside?.Invoke(Case);
        }
        _round++;
        return checksum;
    }

    private SwapMeasurement Swap(AdaptersPlan plan, AdapterSide side, int adapter)
    {
        var options = plan.Options;
        var store = options.Store(side.Layout, side.MethodIndex, _copy);
        var buffer = _buffer!;
        AdapterSwapResult result;
        double resident, residentAfter;
        long readBytes, deviceBytes;
        using (var swap = new AdapterSwap(store, adapter, side.Method, options.ReadsInFlight, options.Chunk))
        {
            PageCacheControl.Evict(swap.FilePath);
            resident = PageCacheControl.ResidentFraction(swap.FilePath);
            readBytes = swap.MeanReadBytes;
            long before = _device?.Read().BytesRead ?? -1;
            result = swap.Read(buffer);
            deviceBytes = _device is null ? -1 : _device.Read().BytesRead - before;
            residentAfter = PageCacheControl.ResidentFraction(swap.FilePath);
        }
        var first = plan.Token.Run(buffer);
        var steady = plan.Token.Run(buffer);
        int layer = (_measured.Count + _round) % options.Model.Layers;
        bool verified = Verify(store.Geometry, store.Seed, adapter, layer);
        var control = plan.Control.Measure(side.Method, readBytes, plan.ControlDuration);
        return new SwapMeasurement(side, adapter, _copy, _reused, result, readBytes, control, layer, verified, first, steady, resident, residentAfter, deviceBytes);
    }

    private unsafe bool Verify(LoraGeometry geometry, ulong seed, int adapter, int layer)
    {
        AdapterContent.FillLayer(_expected, geometry, seed, adapter, layer);
        var actual = new ReadOnlySpan<byte>(_buffer!.Pointer + layer * geometry.LayerBlockBytes, _expected.Length);
        return actual.SequenceEqual(_expected);
    }

    [IterationCleanup]
    public void Record() => Plan.Log.Add(Case, _measured);

    [GlobalCleanup]
    public void Release()
    {
        _buffer?.Dispose();
        _buffer = null;
        _device?.Dispose();
        _device = null;
        Plan.CaseFinished(Case);
    }
}
