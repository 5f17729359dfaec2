using System.Diagnostics;
using System.Runtime.InteropServices;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Native;
using FlashBench.Core.PageCache;

namespace FlashBench.Core.Inference.OnDevice;

/// <summary>The FFN read from its <see cref="FfnFile"/> every token, dense (SwiGLU has no ReLU sparsity for the paper's
/// §3.1 predictor to use): two slots of gate-up and down matrices in DRAM, layer l computed from one while layer l + 1 is
/// read into the other by one reader thread, three preads per layer straight into the matrices' aligned index arrays
/// (no copy) and the palettes. Direct: O_DIRECT, so the page cache never serves a read; otherwise buffered reads with the
/// file evicted before every token.</summary>
public sealed unsafe class StreamedFfn : IFfnSource, IDisposable
{
    private readonly FfnFile _file;
    private readonly UnixFileHandle _handle;
    private readonly Slot[] _slots;
    private Task? _pending;
    private long _ioTicks;
    private long _stallTicks;
    private long _bytesRead;
    private long _weightBytes;

    public StreamedFfn(FfnFile file, int dModel, int dFf, bool direct)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        Direct = direct;
        _handle = UnixFileHandle.OpenReadOnly(file.Path, bypassCache: direct);
        _slots = [new Slot(file, dModel, dFf), new Slot(file, dModel, dFf)];
    }

    public bool Direct { get; }

    /// <summary>DRAM the two slots hold.</summary>
    public long SlotBytes => _slots.Sum(s => s.Bytes);

    /// <summary>The last token's reads: time spent reading (on the reader thread), time the compute waited for them,
    /// bytes transferred (with the regions' padding) and weight bytes among them.</summary>
    public StreamedToken LastToken => new(Ms(_ioTicks), Ms(_stallTicks), _bytesRead, _weightBytes);

    public void BeginToken()
    {
        _pending?.Wait();
        if (!Direct)
            PageCacheControl.Evict(_file.Path);
        _ioTicks = _stallTicks = _bytesRead = _weightBytes = 0;
        Start(0);
    }

    public (PalettizedMatrix GateUp, PalettizedMatrix Down) Layer(int layer)
    {
        long before = Stopwatch.GetTimestamp();
        _pending!.Wait();
        _stallTicks += Stopwatch.GetTimestamp() - before;
        var slot = _slots[layer % 2];
        if (slot.Layer != layer)
            throw new InvalidOperationException($"layers must be taken in order: asked for {layer}, slot holds {slot.Layer}");
        if (layer + 1 < _file.Layers)
            Start(layer + 1);
        return (slot.GateUp, slot.Down);
    }

    /// <summary>Reads every layer once, one after another, without compute: the read rate the token's reads can reach.</summary>
    public StreamedToken ReadAllLayers()
    {
        _pending?.Wait();
        if (!Direct)
            PageCacheControl.Evict(_file.Path);
        _ioTicks = _bytesRead = _weightBytes = 0;
        for (int l = 0; l < _file.Layers; l++)
            Read(l, _slots[l % 2]);
        return new StreamedToken(Ms(_ioTicks), 0, _bytesRead, _weightBytes);
    }

    private void Start(int layer)
    {
        var slot = _slots[layer % 2];
        _pending = Task.Factory.StartNew(() => Read(layer, slot), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Read(int layer, Slot slot)
    {
        long start = Stopwatch.GetTimestamp();
        long offset = _file.LayerOffset(layer);
        ReadInto(slot.GateUp.PackedIndices, _file.GateUpRegion, offset);
        offset += _file.GateUpRegion;
        ReadInto(slot.Down.PackedIndices, _file.DownRegion, offset);
        offset += _file.DownRegion;
        int read = _handle.ReadExactly(slot.Palettes.Pointer, (int)_file.PaletteRegion, offset);
        if (read != _file.PaletteRegion)
            throw new IOException($"{_file.Path}: short read of layer {layer}'s palettes ({read} of {_file.PaletteRegion} bytes)");
        var palettes = new ReadOnlySpan<Half>(slot.Palettes.Pointer, (_file.GateUpPaletteBytes + _file.DownPaletteBytes) / 2);
        slot.GateUp.LoadPalettes(palettes);
        slot.Down.LoadPalettes(palettes[(_file.GateUpPaletteBytes / 2)..]);
        slot.Layer = layer;
        _bytesRead += _file.LayerStride;
        _weightBytes += _file.LayerWeightBytes;
        _ioTicks += Stopwatch.GetTimestamp() - start;
    }

    /// <summary>A region read in place: the matrix's index array starts on a block boundary and has a block of slack past
    /// its end (<see cref="PalettizedMatrix.ForReading"/>), so the region's padding lands there.</summary>
    private void ReadInto(Span<byte> indices, long region, long offset)
    {
        fixed (byte* destination = &MemoryMarshal.GetReference(indices))
        {
            int read = _handle.ReadExactly(destination, (int)region, offset);
            if (read != region)
                throw new IOException($"{_file.Path}: short read at {offset} ({read} of {region} bytes)");
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public void Dispose()
    {
        try
        {
            _pending?.Wait();
        }
        catch (AggregateException)
        {
            // the read's failure was reported to the token that waited for it
        }
        _handle.Dispose();
        foreach (var slot in _slots)
            slot.Palettes.Dispose();
    }

    private sealed class Slot(FfnFile file, int dModel, int dFf)
    {
        public PalettizedMatrix GateUp { get; } = PalettizedMatrix.ForReading(2 * dFf, dModel);
        public PalettizedMatrix Down { get; } = PalettizedMatrix.ForReading(dModel, dFf);
        public AlignedBuffer Palettes { get; } = new((int)file.PaletteRegion);
        public int Layer { get; set; } = -1;
        public long Bytes => GateUp.Bytes + Down.Bytes + Palettes.Length;
    }
}

/// <summary>One token's FFN reads: ms reading, ms the compute waited, bytes transferred, weight bytes among them.</summary>
public readonly record struct StreamedToken(double IoMs, double StallMs, long BytesRead, long WeightBytes);
