namespace FlashBench.Core.Inference.Planning;

/// <summary>Which FFN neurons each token uses, per layer (full-model layer index). The engine loads
/// <see cref="Predicted"/>: the predictor's output. On synthetic traces the predictor's cost is real and its
/// accuracy is the trace's; <see cref="Actual"/> (when known) lets precision and recall be reported.</summary>
public interface IActivationTrace
{
    /// <summary>One line for result rows and run.json: what the trace is and how it was made.</summary>
    string Source { get; }

    int DFf { get; }

    int Tokens { get; }

    IReadOnlyList<int> Predicted(int layer, int token);

    IReadOnlyList<int>? Actual(int layer, int token);
}
