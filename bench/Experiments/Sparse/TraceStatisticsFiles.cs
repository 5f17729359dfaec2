using FlashBench.Core.Models;
using FlashBench.Core.Results;
using FlashBench.Core.Sparsity;

namespace FlashBench.Bench.Experiments.Sparse;

/// <summary>trace_layers.csv and trace_sagg.csv: the statistics of every activation trace a run's sparse experiments used.</summary>
public static class TraceStatisticsFiles
{
    public static void Write(RunDirectory run, ModelShape shape, TraceStatistics statistics)
    {
        string layersPath = run.Result(TraceLayerRow.FileName);
        var layers = (File.Exists(layersPath) ? CsvFiles.Read<TraceLayerRow>(layersPath) : [])
            .Where(r => r.Model != shape.Name || r.Trace != statistics.Source).ToList();
        layers.AddRange(statistics.LayerStats.Select(l => new TraceLayerRow
        {
            Model = shape.Name, Trace = statistics.Source, Layer = l.Layer, ActiveFraction = l.ActiveFraction,
            PredictedFraction = l.PredictedFraction, FalseNegativeRate = l.FalseNegativeRate,
        }));
        CsvFiles.Write(layersPath, layers);

        string saggPath = run.Result(TraceSaggRow.FileName);
        var sagg = (File.Exists(saggPath) ? CsvFiles.Read<TraceSaggRow>(saggPath) : [])
            .Where(r => r.Model != shape.Name || r.Trace != statistics.Source).ToList();
        sagg.AddRange(statistics.Windows.Select(w => new TraceSaggRow
        {
            Model = shape.Name, Trace = statistics.Source, K = w.Window, SAggFraction = w.SAggFraction,
            IncrementFraction = double.IsNaN(w.IncrementFraction) ? 0 : w.IncrementFraction,
        }));
        CsvFiles.Write(saggPath, sagg);
    }
}
