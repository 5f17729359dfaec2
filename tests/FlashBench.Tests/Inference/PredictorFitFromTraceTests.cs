using System.Text;
using FlashBench.Bench.Cli;
using FlashBench.Core.Inference.Predictor;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Models;
using FlashBench.Core.Sparsity;
using FlashBench.Tests.Support;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace FlashBench.Tests.Inference;

/// <summary>The per-layer fit on an imported trace and its hidden states: active sets generated from the hidden
/// states through a planted low-rank map (the top quarter of B·A·x) are recovered on held-out tokens; the latency
/// command refuses a bad TRACE.hidden with exit code 2.</summary>
public sealed class PredictorFitFromTraceTests
{
    private const int Tokens = 400, PlantedRank = 4;
    private static readonly ModelShape Shape = ModelShapes.Tiny; // d_model 64, d_ff 256, predictor rank 8

    [Fact]
    public void Fit_on_trace_files_recovers_a_planted_low_rank_map_on_held_out_tokens()
    {
        using var dir = new TempDirectory();
        var (trace, hidden) = Planted(Tokens, layers: 2, Shape.DModel, Shape.DFf, activeFraction: 0.25);
        string tracePath = dir.File("planted.trace");
        TraceFile.Write(tracePath, trace);
        HiddenStateFile.Write(HiddenStateFile.PathFor(tracePath), hidden);

        var readTrace = TraceFile.Read(tracePath);
        var readHidden = HiddenStateFile.Read(HiddenStateFile.PathFor(tracePath), [1, 0]);
        var fits = TracePredictorFit.Fit(readTrace, readHidden, Shape, [0, 1], [0, 3]).ToList();

        Assert.Equal([0, 3], fits.Select(f => f.Layer));
        foreach (var fit in fits)
        {
            Assert.Equal((320, 80), (fit.TrainTokens, fit.TestTokens));
            Assert.Equal(Shape.PredictorRank(fit.Layer), fit.Rank);
            Assert.False(fit.RankCapped);
            var q = fit.Quality;
            string what = $"layer {fit.Layer}: P {q.Precision:0.000} R {q.Recall:0.000} over {q.OverPrediction:0.00}";
            Assert.True(q.Recall >= 0.9, what);
            // predicting everything would give over-prediction 4 and precision 0.25
            Assert.True(q.OverPrediction < 2.5 && q.Precision > 0.4, what);
        }
        var row = PredictorFitRow.From("tiny", fits[0], readTrace.Source);
        Assert.Equal(fits[0].Quality.OverPrediction, row.OverPrediction);
        Assert.Equal(TracePredictorFit.Method, row.Method);
    }

    [Fact]
    public void Fit_recovers_sparse_activity_too()
    {
        // a few percent active, as in OPT's ReLU FFNs: the fit must not collapse to predicting nothing
        var (trace, hidden) = Planted(Tokens, layers: 1, Shape.DModel, Shape.DFf, activeFraction: 0.05);
        var fit = TracePredictorFit.Fit(trace, hidden, Shape, [0], [0]).Single();
        Assert.True(fit.Quality.Recall >= 0.9, $"P {fit.Quality.Precision:0.000} R {fit.Quality.Recall:0.000} over {fit.Quality.OverPrediction:0.00}");
    }

    [Fact]
    public void Rank_is_capped_by_the_training_tokens_and_said_so()
    {
        var (trace, hidden) = Planted(10, layers: 1, Shape.DModel, Shape.DFf, activeFraction: 0.25);
        var fit = TracePredictorFit.Fit(trace, hidden, Shape, [0], [0]).Single();
        Assert.Equal((8, 2), (fit.TrainTokens, fit.TestTokens));
        Assert.Equal(7, fit.Rank);
        Assert.Equal(8, fit.RequestedRank);
        Assert.True(fit.RankCapped);
        Assert.Equal(3, TracePredictorFit.CappedRank(8, dModel: 3, dFf: 256, trainTokens: 100));
        Assert.Throws<InvalidDataException>(() => TracePredictorFit.Split(2));
    }

    public static TheoryData<string> BadHidden => new() { "wrong-magic", "truncated", "wrong-d-model" };

    [Theory]
    [MemberData(nameof(BadHidden))]
    public void Latency_with_a_bad_hidden_file_exits_2(string kind)
    {
        using var dir = new TempDirectory();
        // quick profile: opt-6.7b at a quarter width (d_model 1024, d_ff 4096), 2 layers, 10 tokens
        const int layers = 2, tokens = 12, dModel = 1024, dFf = 4096;
        var sets = new NeuronSet[tokens, layers];
        for (int t = 0; t < tokens; t++)
            for (int l = 0; l < layers; l++)
                sets[t, l] = NeuronSet.Of(t, 100 + l);
        string tracePath = dir.File("opt.trace");
        TraceFile.Write(tracePath, new ActivationTrace("opt.trace", dFf, sets, sets));
        string hiddenPath = HiddenStateFile.PathFor(tracePath);
        HiddenStateFile.Write(hiddenPath, new HiddenStates(tokens, [0, 1], kind == "wrong-d-model" ? 16 : dModel,
            new float[tokens * layers * (kind == "wrong-d-model" ? 16 : dModel)]));
        var bytes = File.ReadAllBytes(hiddenPath);
        if (kind == "wrong-magic")
            Encoding.ASCII.GetBytes("FBHIDDNX").CopyTo(bytes, 0);
        if (kind == "truncated")
            bytes = bytes[..^100];
        File.WriteAllBytes(hiddenPath, bytes);

        string output = Path.Combine(dir.Path, "out");
        int code = FlashBenchCli.Run(["latency", "--quick", "--model", "opt-6.7b", "--trace", tracePath,
            "--data-dir", Path.Combine(dir.Path, "data"), "--out", output]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(Directory.Exists(output) ? Directory.EnumerateFiles(output, PredictorFitRow.FileName, SearchOption.AllDirectories) : []);
    }

    /// <summary>x ~ N(0, I); neuron i active when (B·A·x)_i is among the top <paramref name="activeFraction"/> of the
    /// token's scores, for random A (rank × d_model) and B (d_ff × rank), one pair per layer.</summary>
    private static (ActivationTrace Trace, HiddenStates Hidden) Planted(int tokens, int layers, int dModel, int dFf, double activeFraction)
    {
        int k = (int)Math.Round(dFf * activeFraction);
        var rng = new Random(7);
        var values = new float[tokens * layers * dModel];
        var sets = new NeuronSet[tokens, layers];
        for (int l = 0; l < layers; l++)
        {
            var a = Matrix<double>.Build.Random(PlantedRank, dModel, new Normal(0, 1, rng));
            var b = Matrix<double>.Build.Random(dFf, PlantedRank, new Normal(0, 1, rng));
            var x = Matrix<double>.Build.Random(tokens, dModel, new Normal(0, 1, rng));
            var scores = x * a.Transpose() * b.Transpose(); // tokens × d_ff
            for (int t = 0; t < tokens; t++)
            {
                sets[t, l] = NeuronSet.From(Enumerable.Range(0, dFf).OrderByDescending(i => scores[t, i]).Take(k));
                for (int i = 0; i < dModel; i++)
                    values[(t * layers + l) * dModel + i] = (float)x[t, i];
            }
        }
        return (new ActivationTrace("planted", dFf, sets, sets), new HiddenStates(tokens, Enumerable.Range(0, layers).ToList(), dModel, values));
    }
}
