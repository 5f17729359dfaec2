namespace FlashBench.Core.Inference.Kernels;

/// <summary>FFN neuron rows that stay in DRAM (Hybrid's resident neurons), with the subnormal list of each part —
/// gate (gated FFNs), up, down — built once at engine setup, so <see cref="SparseFfn"/> runs the fast widening on
/// them. The rows are referenced, not copied.</summary>
public sealed class ResidentNeuronRows
{
    private ResidentNeuronRows(NeuronRowLayout layout, Half[] rows, int count,
        SubnormalCorrections? gate, SubnormalCorrections up, SubnormalCorrections down)
    {
        Layout = layout;
        Rows = rows;
        Count = count;
        Gate = gate;
        Up = up;
        Down = down;
    }

    public NeuronRowLayout Layout { get; }
    public Half[] Rows { get; }
    public int Count { get; }
    public SubnormalCorrections? Gate { get; }
    public SubnormalCorrections Up { get; }
    public SubnormalCorrections Down { get; }

    public static ResidentNeuronRows From(NeuronRowLayout layout, Half[] rows, int count)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int stride = layout.RowWeights;
        if (count < 0 || rows.Length < (long)count * stride)
            throw new ArgumentException($"{count} rows of {stride} weights do not fit {rows.Length} values");
        SubnormalCorrections Part(int offset) => SubnormalCorrections.Build(rows.AsSpan(offset), stride, count, layout.DModel);
        return new ResidentNeuronRows(layout, rows, count, layout.Gated ? Part(layout.GateOffset) : null, Part(layout.UpOffset), Part(layout.DownOffset));
    }
}
