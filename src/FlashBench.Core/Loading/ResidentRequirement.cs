using FlashBench.Core.Sparsity;

namespace FlashBench.Core.Loading;

/// <summary>Req_i of §3.3, computed ahead from the trace: the most neurons layer i ever holds with a
/// window of k tokens. The loader deletes what leaves the window before it inserts, so a layer holds
/// the union of the predicted sets of the last k tokens (the current one included), or of the current
/// token alone when k = 0.</summary>
public static class ResidentRequirement
{
    public static int[] For(ActivationTrace trace, int window, int firstToken = 0, int tokens = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        int last = tokens < 0 ? trace.Tokens : Math.Min(trace.Tokens, firstToken + tokens);
        int span = Math.Max(1, window);
        var required = new int[trace.Layers];
        System.Threading.Tasks.Parallel.For(0, trace.Layers, layer =>
        {
            var stamp = new int[trace.NeuronsPerLayer];
            int mark = 0;
            for (int t = firstToken; t < last; t++)
            {
                mark++;
                int union = 0;
                for (int j = Math.Max(firstToken, t - span + 1); j <= t; j++)
                {
                    foreach (int id in trace.Predicted(j, layer).Ids)
                    {
                        if (stamp[id] != mark)
                        {
                            stamp[id] = mark;
                            union++;
                        }
                    }
                }
                required[layer] = Math.Max(required[layer], union);
            }
        });
        return required;
    }
}
