namespace FlashBench.Core.Models;

/// <summary>The five models of the paper's Table 3 and a tiny shape for tests.
/// Shapes: public model cards. Window k and predictor ranks: paper §3.1/§4.1 (v3). DRAM: half the
/// model, Phi-2 65 % (§4.1).</summary>
public static class ModelShapes
{
    public static readonly ModelShape Opt6_7B = new()
    {
        Name = "opt-6.7b", PaperName = "OPT-6.7B",
        Layers = 32, DModel = 4096, DFf = 16384, Heads = 32, KvHeads = 32, Vocab = 50272,
        PaperWindow = 4, PaperDramFraction = 0.5,
        // rank 128 for the first 28 layers, 1024 for the last 4 (§3.1)
        PredictorRank = layer => layer < 28 ? 128 : 1024,
    };

    public static readonly ModelShape Falcon7B = new()
    {
        Name = "falcon-7b", PaperName = "Falcon-7B",
        Layers = 32, DModel = 4544, DFf = 18176, Heads = 71, KvHeads = 1, Vocab = 65024,
        PaperWindow = 4, PaperDramFraction = 0.5,
        PredictorRank = layer => layer < 28 ? 256 : 1152,
    };

    public static readonly ModelShape Persimmon8B = new()
    {
        Name = "persimmon-8b", PaperName = "Persimmon-8B",
        Layers = 36, DModel = 4096, DFf = 16384, Heads = 64, KvHeads = 64, Vocab = 262144,
        PaperWindow = 4, PaperDramFraction = 0.5,
        PredictorRank = layer => layer < 32 ? 256 : 1152,
    };

    /// <summary>Phi-2's predictor ranks are not given in the paper; OPT's pattern is assumed.</summary>
    public static readonly ModelShape Phi2 = new()
    {
        Name = "phi-2", PaperName = "Phi-2",
        Layers = 32, DModel = 2560, DFf = 10240, Heads = 32, KvHeads = 32, Vocab = 51200,
        PaperWindow = 4, PaperDramFraction = 0.65,
        PredictorRank = layer => layer < 28 ? 128 : 1024,
    };

    public static readonly ModelShape Llama2_7B = new()
    {
        Name = "llama-2-7b", PaperName = "Llama-2-7B",
        Layers = 32, DModel = 4096, DFf = 11008, Heads = 32, KvHeads = 32, Vocab = 32000, GatedFfn = true,
        PaperWindow = 2, PaperDramFraction = 0.5,
        // rank 1024 in 4 middle layers, 256 elsewhere (§3.1)
        PredictorRank = layer => layer is >= 14 and < 18 ? 1024 : 256,
    };

    /// <summary>Apple's on-device foundation model (AFM-on-device), from "Apple Intelligence Foundation Language Models"
    /// (arXiv 2407.21075, July 2024, Table 1) and "Introducing Apple's On-Device and Server Foundation Models" (June 2024):
    /// d_model 3072, 26 layers, 24 query heads of 128, 8 key/value heads (grouped-query attention), SwiGLU FFN, RoPE, one
    /// 49,152 × 3072 embedding shared by input and output (0.15 B). The report gives no d_ff: 8032 makes the non-embedding
    /// parameters 26 × (25,165,824 attention + 3 × 3072 × 8032 FFN) = 2.579 B, the report's 2.58 B (a multiple of 32, so the
    /// palettized kernels' column words divide it). Its FFN is SwiGLU, not ReLU: the paper's activation sparsity (§3.1) does
    /// not apply and the model runs dense; window and predictor ranks are the defaults the sparse machinery needs, unused.
    /// Weights are not public: the shape is measured with synthetic values.</summary>
    public static readonly ModelShape Afm3B = new()
    {
        Name = "afm-3b", PaperName = "AFM-on-device",
        Layers = 26, DModel = 3072, DFf = 8032, Heads = 24, KvHeads = 8, Vocab = 49152, GatedFfn = true,
        PaperWindow = 4, PaperDramFraction = 0.5,
        PredictorRank = _ => 128,
    };

    /// <summary>Small enough for unit tests: 4 layers, d_model 64, d_ff 256.</summary>
    public static readonly ModelShape Tiny = new()
    {
        Name = "tiny", PaperName = "tiny",
        Layers = 4, DModel = 64, DFf = 256, Heads = 4, KvHeads = 4, Vocab = 512,
        PaperWindow = 4, PaperDramFraction = 0.5,
        PredictorRank = _ => 8,
    };

    public static IReadOnlyList<ModelShape> All { get; } = [Opt6_7B, Falcon7B, Persimmon8B, Phi2, Llama2_7B, Afm3B, Tiny];

    public static IReadOnlyList<ModelShape> PaperModels { get; } = [Opt6_7B, Falcon7B, Persimmon8B, Phi2, Llama2_7B];

    public static bool TryGet(string name, out ModelShape shape)
    {
        shape = All.FirstOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return shape is not null;
    }

    public static string NameList => string.Join(", ", All.Select(s => s.Name));
}
