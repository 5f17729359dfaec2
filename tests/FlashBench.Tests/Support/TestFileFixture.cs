using FlashBench.Core.Storage;

namespace FlashBench.Tests.Support;

/// <summary>One small generated test file shared by the read-path tests of a class.</summary>
public sealed class TestFileFixture : IDisposable
{
    public const long FileBytes = 64L << 20;

    private readonly TempDirectory _directory = new();

    public TestFileFixture() => File = TestFileGenerator.Ensure(_directory.Path, FileBytes);

    public TestFile File { get; }

    public void Dispose() => _directory.Dispose();
}
