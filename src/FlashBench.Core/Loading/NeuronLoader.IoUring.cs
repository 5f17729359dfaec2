using System.Diagnostics;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Loading;

/// <summary>The io_uring path of <see cref="NeuronLoader"/>: a layer's reads (every bundle, or every part in the separate
/// layout) go on one ring from the calling thread, up to <see cref="LoaderOptions.Threads"/> in flight, and each read
/// lands straight in its row of the neuron matrix (no copy) when the part needs no padding and the row is block-aligned;
/// otherwise it lands in a registered slot and is copied into the row, as the blocking path copies from its buffer.</summary>
public sealed unsafe partial class NeuronLoader
{
    private IoUringQueue? _ring;
    private int[] _ringFree = [];
    private int[] _ringNeuron = [];
    private int[] _ringPart = [];
    private bool[] _ringStaged = [];

    /// <summary>Reads a ring made, this many in flight; 0 when the loader reads on its thread pool.</summary>
    public int RingDepth => _ring?.Depth ?? 0;

    private void OpenRing(IoUringReadPath path, int depth, int readLength)
    {
        _ring = path.OpenQueue(depth, (int)TimedSlotReader.RoundUp(readLength, Native.AlignedBuffer.Alignment));
        _ringFree = new int[depth];
        _ringNeuron = new int[depth];
        _ringPart = new int[depth];
        _ringStaged = new bool[depth];
    }

    private TimeSpan ReadOnRing(int[] load, int[] rows, int layer)
    {
        var ring = _ring!;
        var format = File.Format;
        var matrix = _matrices[layer];
        int fileLayer = _fileLayers[layer];
        bool bundled = format.Layout == WeightLayout.Bundled;
        int readsPerNeuron = bundled ? 1 : format.Parts;
        int length = bundled ? format.BundleReadLength : format.PartLength;
        // the file's read is the row's bytes exactly: no padding between or after the parts
        bool unpadded = format.PartLength == format.PartBytes;
        int total = load.Length * readsPerNeuron, next = 0, done = 0, free = ring.Depth;
        for (int i = 0; i < free; i++)
            _ringFree[i] = i;
        long started = Stopwatch.GetTimestamp();
        try
        {
            while (done < total)
            {
                while (free > 0 && next < total)
                {
                    int slot = _ringFree[--free];
                    int index = next / readsPerNeuron, part = bundled ? 0 : next % readsPerNeuron;
                    next++;
                    int neuron = load[index];
                    long offset = bundled ? format.BundleOffset(fileLayer, neuron) : format.PartOffset(fileLayer, neuron, part);
                    byte* destination = matrix.RowPointer(rows[index]) + part * format.PartBytes;
                    bool direct = unpadded && ((nint)destination & 511) == 0;
                    (_ringNeuron[slot], _ringPart[slot], _ringStaged[slot]) = (index, part, !direct);
                    if (direct)
                        ring.QueueInto(slot, destination, offset, length);
                    else
                        ring.QueueSlot(slot, offset, length);
                }
                ring.SubmitAndWait(ring.ReapBatch);
                while (ring.TryComplete(out int slot))
                {
                    var bytes = ring.Completed(slot);
                    CheckLength(bytes.Length, length);
                    if (_ringStaged[slot])
                        CopyStaged(bytes, matrix.RowPointer(rows[_ringNeuron[slot]]), bundled ? -1 : _ringPart[slot]);
                    _ringFree[free++] = slot;
                    done++;
                }
            }
        }
        finally
        {
            ring.Drain();
        }
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>A padded read into its row: every part of a bundle (<paramref name="part"/> -1), or one part.</summary>
    private void CopyStaged(ReadOnlySpan<byte> bytes, byte* row, int part)
    {
        var format = File.Format;
        int partBytes = format.PartBytes;
        if (part >= 0)
        {
            bytes[..partBytes].CopyTo(new Span<byte>(row + part * partBytes, partBytes));
            return;
        }
        for (int p = 0; p < format.Parts; p++)
            bytes.Slice(p * format.PartLength, partBytes).CopyTo(new Span<byte>(row + p * partBytes, partBytes));
    }
}
