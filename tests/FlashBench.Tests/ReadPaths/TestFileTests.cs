using FlashBench.Core.Storage;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.ReadPaths;

public sealed class TestFileTests
{
    [Fact]
    public void A_valid_file_is_reused_and_a_damaged_one_rewritten()
    {
        using var directory = new TempDirectory();
        var first = TestFileGenerator.Ensure(directory.Path, 8L << 20);
        Assert.False(first.Reused);
        var second = TestFileGenerator.Ensure(directory.Path, 8L << 20);
        Assert.True(second.Reused);

        using (var stream = new FileStream(first.Path, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 4L << 20; // the middle page is one of the sampled ones
            stream.Write(new byte[4096]);
        }
        Assert.False(TestFileGenerator.IsValid(first.Path, first.Header));
        var third = TestFileGenerator.Ensure(directory.Path, 8L << 20);
        Assert.False(third.Reused);
        Assert.True(TestFileGenerator.IsValid(third.Path, third.Header));
    }

    [Fact]
    public void Content_depends_on_position_and_seed()
    {
        Span<byte> a = stackalloc byte[64];
        Span<byte> b = stackalloc byte[64];
        TestFilePattern.Fill(a, 4096, 1);
        TestFilePattern.Fill(b, 8192, 1);
        Assert.False(a.SequenceEqual(b));
        TestFilePattern.Fill(b, 4096, 2);
        Assert.False(a.SequenceEqual(b));
        TestFilePattern.Fill(b, 4096, 1);
        Assert.True(a.SequenceEqual(b));
    }

    [Fact]
    public void A_file_larger_than_the_free_space_is_refused_with_one_line()
    {
        using var directory = new TempDirectory();
        long huge = DiskSpace.Available(directory.Path) / (1 << 20) * (1 << 20) + (1L << 40);
        var error = Assert.Throws<InsufficientSpaceException>(() => TestFileGenerator.Ensure(directory.Path, huge));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(Directory.GetFiles(directory.Path));
    }
}
