using SkiaSharp;

namespace FlashBench.Reporting.Charts;

/// <summary>ScottPlot renders through SkiaSharp's bundled native library (SkiaSharp.NativeAssets.Linux.NoDependencies,
/// pulled in by ScottPlot), which reads fonts from the system's font folders without fontconfig. With no font
/// installed every label would silently vanish, so charting stops with a one-line fix instead.</summary>
public static class ChartFonts
{
    public const string Fix = "no font found for chart text; on Debian/Ubuntu run: apt-get install -y fonts-dejavu-core";

    private static readonly Lazy<bool> Available = new(() => SKFontManager.Default.FontFamilyCount > 0);

    public static void EnsureAvailable()
    {
        if (!Available.Value)
            throw new InvalidOperationException(Fix);
    }
}
