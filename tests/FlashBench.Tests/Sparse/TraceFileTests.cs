using FlashBench.Core.Models;
using FlashBench.Core.Sparsity;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Sparse;

public sealed class TraceFileTests
{
    /// <summary>Fixtures are read from the source tree (the test project does not copy them to its output).</summary>
    internal static string Fixture(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "FlashBench.Tests", "Fixtures", "traces", name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException($"fixture {name} not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void Example_fixture_parses()
    {
        var trace = TraceFile.Read(Fixture("example.trace"));
        Assert.Equal(2, trace.Layers);
        Assert.Equal(16, trace.NeuronsPerLayer);
        Assert.Equal(3, trace.Tokens);
        Assert.Equal(NeuronSet.Of(1, 4, 7), trace.Active(0, 0));
        Assert.Equal(NeuronSet.Of(1, 4, 7, 9), trace.Predicted(0, 0));
        Assert.Equal(trace.Active(0, 1), trace.Predicted(0, 1)); // no ';' part: predicted = active
    }

    [Fact]
    public void Synthetic_trace_round_trips()
    {
        using var directory = new TempDirectory();
        var trace = SyntheticTraceGenerator.Generate(ModelShapes.Tiny, new SyntheticTraceOptions { Tokens = 6 });
        string path = directory.File("tiny.trace");
        TraceFile.Write(path, trace);
        var back = TraceFile.Read(path);
        Assert.Equal((trace.Tokens, trace.Layers, trace.NeuronsPerLayer), (back.Tokens, back.Layers, back.NeuronsPerLayer));
        for (int t = 0; t < trace.Tokens; t++)
        {
            for (int l = 0; l < trace.Layers; l++)
            {
                Assert.Equal(trace.Active(t, l), back.Active(t, l));
                Assert.Equal(trace.Predicted(t, l), back.Predicted(t, l));
            }
        }
    }

    [Theory]
    [InlineData("", "empty trace file")]
    [InlineData("flashbench-trace 2\n", "first line")]
    [InlineData("flashbench-trace 1\nlayers 1\nneurons 8\n", "before the 'tokens' line")]
    [InlineData("flashbench-trace 1\nlayers 1\nneurons 8\ntokens 1\n0 0 : 1 9\n", "outside 0..7")]
    [InlineData("flashbench-trace 1\nlayers 1\nneurons 8\ntokens 1\n0 0 : 1 1\n", "appears twice")]
    [InlineData("flashbench-trace 1\nlayers 1\nneurons 8\ntokens 1\n0 0 : 1 x\n", "not a whole number")]
    [InlineData("flashbench-trace 1\nlayers 1\nneurons 8\ntokens 2\n0 0 : 1\n", "file ends before token 1")]
    [InlineData("flashbench-trace 1\nlayers 2\nneurons 8\ntokens 1\n0 1 : 1\n0 0 : 2\n", "expected token 0 layer 0")]
    [InlineData("flashbench-trace 1\nlayers 1\nneurons 8\ntokens 1\n0 0 1 2\n", "expected 'token layer :")]
    [InlineData("flashbench-trace 1\nlayers 1\nneurons 8\ntokens 1\n0 0 : 1\n1 0 : 2\n", "unexpected line")]
    [InlineData("flashbench-trace 1\nlayers 0\nneurons 8\ntokens 1\n", "positive whole number")]
    public void Malformed_files_are_refused_with_line_and_reason(string text, string reason)
    {
        var e = Assert.Throws<InvalidDataException>(() => TraceFile.Read(new StringReader(text), "bad.trace"));
        Assert.Contains(reason, e.Message);
        Assert.StartsWith("bad.trace:", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
