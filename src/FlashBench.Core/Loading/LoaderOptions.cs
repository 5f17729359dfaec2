using FlashBench.Core.Memory;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Loading;

/// <summary>How a <see cref="NeuronLoader"/> reads and keeps neurons.</summary>
/// <param name="Window">k of §3.1: neurons predicted in the last k tokens stay in DRAM. 0 = no window:
/// every token reads its whole predicted set (the naive per-neuron loader).</param>
/// <param name="Threads">Reader threads (the paper uses 32).</param>
/// <param name="Verify">After every layer load, check every resident row against the file's known content.</param>
public sealed record LoaderOptions(int Window = 5, int Threads = 32, NeuronManager Manager = NeuronManager.Slots,
    ReadMethod Method = ReadMethod.Direct, bool Verify = false)
{
    public void Validate()
    {
        if (Window < 0)
            throw new ArgumentOutOfRangeException(nameof(Window), "window must be ≥ 0");
        if (Threads is < 1 or > 1024)
            throw new ArgumentOutOfRangeException(nameof(Threads), "threads must be 1…1024");
    }
}
