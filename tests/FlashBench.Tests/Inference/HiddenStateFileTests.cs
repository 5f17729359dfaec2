using System.Buffers.Binary;
using System.Text;
using FlashBench.Core.Inference.Predictor;
using FlashBench.Core.Sparsity;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Inference;

/// <summary>TRACE.hidden: written and read back bit for bit; wrong, truncated or mismatched files are refused
/// with one line naming the problem.</summary>
public sealed class HiddenStateFileTests
{
    private const int Layers = 3, Tokens = 5, DModel = 4;

    [Fact]
    public void Round_trip_keeps_every_value()
    {
        using var dir = new TempDirectory();
        var states = Sample();
        string path = dir.File("t.trace.hidden");
        HiddenStateFile.Write(path, states);

        Assert.Equal(HiddenStateFile.HeaderBytes + 4L * Layers * Tokens * DModel, new FileInfo(path).Length);
        Assert.Equal(new HiddenStateFile.Header(Layers, Tokens, DModel), HiddenStateFile.ReadHeader(path));
        var all = HiddenStateFile.Read(path);
        var some = HiddenStateFile.Read(path, [2, 0]);
        Assert.Equal([2, 0], some.FileLayers);
        for (int t = 0; t < Tokens; t++)
        {
            for (int l = 0; l < Layers; l++)
                Assert.Equal(states.Vector(t, l).ToArray(), all.Vector(t, l).ToArray());
            Assert.Equal(states.Vector(t, 2).ToArray(), some.Vector(t, 2).ToArray());
            Assert.Equal(states.Vector(t, 0).ToArray(), some.Vector(t, 0).ToArray());
        }
    }

    [Fact]
    public void Header_is_the_documented_little_endian_layout()
    {
        using var dir = new TempDirectory();
        string path = dir.File("h.hidden");
        HiddenStateFile.Write(path, Sample());
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("FBHIDDEN", Encoding.ASCII.GetString(bytes, 0, 8));
        int[] fields = Enumerable.Range(0, 5).Select(i => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8 + 4 * i))).ToArray();
        Assert.Equal([1, Layers, Tokens, DModel, 1], fields);
        // value [token 1][layer 2][index 3]
        Assert.Equal(Value(1, 2, 3), BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(28 + 4 * ((1 * Layers + 2) * DModel + 3))));
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "truncated-payload", "truncated" },
        { "trailing-bytes", "trailing bytes" },
        { "truncated-header", "truncated header" },
        { "wrong-magic", "not a FlashBench hidden-state file" },
        { "wrong-version", "version 2" },
        { "wrong-dtype", "dtype code 2" },
        { "zero-layers", "must all be positive" },
        { "nan", "non-finite" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_files_are_refused_with_one_line(string kind, string expected)
    {
        using var dir = new TempDirectory();
        string path = dir.File($"{kind}.hidden");
        HiddenStateFile.Write(path, Sample());
        var bytes = File.ReadAllBytes(path).ToList();
        switch (kind)
        {
            case "truncated-payload": bytes.RemoveRange(bytes.Count - 6, 6); break;
            case "trailing-bytes": bytes.AddRange(new byte[4]); break;
            case "truncated-header": bytes.RemoveRange(20, bytes.Count - 20); break;
            case "wrong-magic": bytes[0] = (byte)'X'; break;
            case "wrong-version": bytes[8] = 2; break;
            case "wrong-dtype": bytes[24] = 2; break;
            case "zero-layers": bytes[12] = 0; break;
            case "nan":
                var nan = new byte[4];
                BinaryPrimitives.WriteSingleLittleEndian(nan, float.NaN);
                bytes.RemoveRange(40, 4);
                bytes.InsertRange(40, nan);
                break;
        }
        File.WriteAllBytes(path, bytes.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => HiddenStateFile.Read(path));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith($"{kind}.hidden: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Hidden_states_that_do_not_match_the_trace_or_model_are_refused()
    {
        var trace = new ActivationTrace("t.trace", 8, Sets(Tokens, Layers), Sets(Tokens, Layers));
        TracePredictorFit.CheckMatches(new HiddenStateFile.Header(Layers, Tokens, DModel), "t.trace.hidden", trace, DModel);
        var layers = Assert.Throws<InvalidDataException>(() => TracePredictorFit.CheckMatches(new HiddenStateFile.Header(Layers + 1, Tokens, DModel), "t.trace.hidden", trace, DModel));
        Assert.Contains("4 layers × 5 tokens", layers.Message);
        var tokens = Assert.Throws<InvalidDataException>(() => TracePredictorFit.CheckMatches(new HiddenStateFile.Header(Layers, Tokens - 1, DModel), "t.trace.hidden", trace, DModel));
        Assert.Contains("3 layers × 5 tokens", tokens.Message);
        var width = Assert.Throws<InvalidDataException>(() => TracePredictorFit.CheckMatches(new HiddenStateFile.Header(Layers, Tokens, DModel), "t.trace.hidden", trace, DModel * 2));
        Assert.Contains("d_model 4", width.Message);
    }

    [Fact]
    public void Missing_file_is_file_not_found()
    {
        using var dir = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => HiddenStateFile.Read(dir.File("none.hidden")));
    }

    private static float Value(int t, int l, int i) => t * 100 + l * 10 + i + 0.25f;

    private static HiddenStates Sample()
    {
        var values = new float[Tokens * Layers * DModel];
        for (int t = 0; t < Tokens; t++)
            for (int l = 0; l < Layers; l++)
                for (int i = 0; i < DModel; i++)
                    values[(t * Layers + l) * DModel + i] = Value(t, l, i);
        return new HiddenStates(Tokens, Enumerable.Range(0, Layers).ToList(), DModel, values);
    }

    private static NeuronSet[,] Sets(int tokens, int layers)
    {
        var sets = new NeuronSet[tokens, layers];
        for (int t = 0; t < tokens; t++)
            for (int l = 0; l < layers; l++)
                sets[t, l] = NeuronSet.Of(t % 8);
        return sets;
    }
}
