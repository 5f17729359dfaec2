using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Weights;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Inference;

/// <summary>Weight files, attention file and trace of the tiny shape (layers 0 and 3 of 4), shared by a test class.</summary>
public sealed class TinyInferenceFiles : IDisposable
{
    public const int Tokens = 10;

    private readonly TempDirectory _directory = new();

    public TinyInferenceFiles()
    {
        Layers = [0, 3];
        var fileShape = Shape.WithLayers(Layers.Count);
        Trace = SyntheticTraceGenerator.Generate(fileShape, new SyntheticTraceOptions { Tokens = Tokens });
        Attention = AttentionFile.Ensure(_directory.Path, Shape, Layers, SyntheticModel.DefaultSeed);
        Separate = WeightFileGenerator.Ensure(_directory.Path, fileShape, Precision.Fp16, WeightLayout.Separate);
        Bundled = WeightFileGenerator.Ensure(_directory.Path, fileShape, Precision.Fp16, WeightLayout.Bundled);
        Method = DirectIoProbe.Check(Separate.Path).Supported ? ReadMethod.Direct : ReadMethod.Buffered;
    }

    public ModelShape Shape => ModelShapes.Tiny;
    public IReadOnlyList<int> Layers { get; }
    public ActivationTrace Trace { get; }
    public AttentionFile Attention { get; }
    public WeightFile Separate { get; }
    public WeightFile Bundled { get; }
    public ReadMethod Method { get; }

    public EngineSetup Setup(InferenceConfig config) => new()
    {
        Shape = Shape, Layers = Layers, Config = config, Window = Shape.PaperWindow, DramFraction = Shape.PaperDramFraction,
        Tokens = Tokens, Trace = Trace, AttentionFile = Attention, SeparateFile = Separate, BundledFile = Bundled,
        Method = Method, Threads = 4,
    };

    public void Dispose() => _directory.Dispose();
}
