using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Weights;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Sparse;

/// <summary>Small real weight files (tiny shape, both layouts) in a temp folder, read with O_DIRECT where the
/// file system allows it (probed), else buffered.</summary>
public sealed class SparseFiles : IDisposable
{
    private readonly TempDirectory _directory = new();

    public SparseFiles()
    {
        Bundled = WeightFileGenerator.Ensure(_directory.Path, ModelShapes.Tiny, Precision.Fp16, WeightLayout.Bundled);
        Separate = WeightFileGenerator.Ensure(_directory.Path, ModelShapes.Tiny, Precision.Fp16, WeightLayout.Separate);
        Int4Bundled = WeightFileGenerator.Ensure(_directory.Path, ModelShapes.Tiny, Precision.Int4, WeightLayout.Bundled);
        Method = DirectIoProbe.Check(Bundled.Path).Supported ? ReadMethod.Direct : ReadMethod.Buffered;
    }

    public WeightFile Bundled { get; }
    public WeightFile Separate { get; }
    public WeightFile Int4Bundled { get; }
    public ReadMethod Method { get; }

    public string Directory => _directory.Path;

    public void Dispose() => _directory.Dispose();
}
