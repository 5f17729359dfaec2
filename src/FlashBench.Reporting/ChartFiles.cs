using ScottPlot;

namespace FlashBench.Reporting;

/// <summary>Saves every chart twice: PNG (1200×800, for reports and the README) and SVG (for papers).</summary>
public static class ChartFiles
{
    public const int Width = 1200;
    public const int Height = 800;

    /// <summary>Writes <paramref name="basePath"/>.png and .svg; returns both paths.</summary>
    public static IReadOnlyList<string> Save(Plot plot, string basePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(basePath))!);
        string png = basePath + ".png";
        string svg = basePath + ".svg";
        SaveAtomically(png, temporary => plot.SavePng(temporary, Width, Height));
        SaveAtomically(svg, temporary => plot.SaveSvg(temporary, Width, Height));
        return [png, svg];
    }

    private static void SaveAtomically(string path, Action<string> save)
    {
        string extension = Path.GetExtension(path);
        string temporary = Path.ChangeExtension(path, $".{Environment.ProcessId}.tmp{extension}");
        save(temporary);
        File.Move(temporary, path, overwrite: true);
    }
}
