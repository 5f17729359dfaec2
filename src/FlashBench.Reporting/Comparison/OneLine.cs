namespace FlashBench.Reporting.Comparison;

/// <summary>Bad input is one line: the first few items of a list, then how many more.</summary>
internal static class OneLine
{
    private const int Listed = 4;

    public static string List<T>(IReadOnlyList<T> items) =>
        string.Join("; ", items.Take(Listed)) + (items.Count > Listed ? $"; and {items.Count - Listed} more" : "");
}
