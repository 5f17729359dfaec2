using System.Globalization;
using FlashBench.Core;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Bench.Cli;

/// <summary>Parses list-valued options ("4K,32K,1M", "1,8,32"); any bad element is a <see cref="UsageException"/>.</summary>
public static class ValueParsers
{
    public static IReadOnlyList<string> Split(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static long Bytes(string text, string option)
    {
        if (!Units.TryParseBytes(text, out long bytes) || bytes <= 0)
            throw new UsageException($"{option}: '{text}' is not a positive size (examples: 4K, 32K, 1M, 4096)");
        return bytes;
    }

    public static IReadOnlyList<int> Sizes(string text, string option)
    {
        var items = Split(text);
        if (items.Count == 0)
            throw new UsageException($"{option}: no values given");
        return items.Select(item =>
        {
            long bytes = Bytes(item, option);
            return bytes <= int.MaxValue ? (int)bytes : throw new UsageException($"{option}: '{item}' is larger than 2 GiB");
        }).Distinct().Order().ToList();
    }

    public static IReadOnlyList<int> PositiveInts(string text, string option, int max = 1024)
    {
        var items = Split(text);
        if (items.Count == 0)
            throw new UsageException($"{option}: no values given");
        return items.Select(item =>
            int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 && value <= max
                ? value
                : throw new UsageException($"{option}: '{item}' is not a whole number from 1 to {max}")).Distinct().Order().ToList();
    }

    /// <summary>One read method by name.</summary>
    public static ReadMethod Method(string text, string option) =>
        ReadMethods.TryParse(text, out var method) ? method : throw new UsageException($"{option}: unknown read method '{text}' (known: {ReadMethods.NameList})");

    /// <summary>Read methods, comma-separated, each once.</summary>
    public static IReadOnlyList<ReadMethod> Methods(string text, string option)
    {
        var methods = Split(text).Select(name => Method(name, option)).Distinct().ToList();
        return methods.Count > 0 ? methods : throw new UsageException($"{option}: no method given");
    }

    /// <summary>Exactly one whole number from 1 to <paramref name="max"/>.</summary>
    public static int One(string text, string option, int max)
    {
        var values = PositiveInts(text, option, max);
        return values.Count == 1 ? values[0] : throw new UsageException($"{option}: give one number, not '{text}'");
    }
}
