using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace FlashBench.Core.Results;

/// <summary>Every CSV FlashBench writes or reads goes through here: comma-separated, invariant culture,
/// units in the header names, none in the cells; written atomically.</summary>
public static class CsvFiles
{
    public static CsvConfiguration Configuration { get; } = new(CultureInfo.InvariantCulture)
    {
        Delimiter = ",",
        HasHeaderRecord = true,
        NewLine = "\n",
    };

    public static void Write<T>(string path, IEnumerable<T> rows) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            using var csv = new CsvWriter(writer, Configuration);
            csv.WriteRecords(rows);
        });

    /// <summary>Reads every row; a malformed file raises <see cref="CsvFormatException"/> with a one-line message.</summary>
    public static List<T> Read<T>(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"CSV file not found: {path}", path);
        try
        {
            using var reader = new StreamReader(path);
            using var csv = new CsvReader(reader, Configuration);
            return csv.GetRecords<T>().ToList();
        }
        catch (CsvHelperException e)
        {
            string where = e.Context?.Parser is { } parser ? $" (row {parser.Row})" : "";
            throw new CsvFormatException($"{path}{where} is not a valid {typeof(T).Name} CSV: {FirstLine(e.Message)}", e);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

public sealed class CsvFormatException(string message, Exception inner) : Exception(message, inner);
