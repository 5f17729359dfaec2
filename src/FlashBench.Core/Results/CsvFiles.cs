using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

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
            throw new CsvFormatException($"{path}: {Describe(e)}", e);
        }
    }

    /// <summary>What went wrong, in FlashBench's words: CsvHelper's own messages carry advice about its settings
    /// ("set BadDataFound to null") that means nothing to someone reading results.</summary>
    private static string Describe(CsvHelperException e)
    {
        string row = e.Context?.Parser is { } parser ? $"line {parser.RawRow}" : "a line";
        return e switch
        {
            HeaderValidationException header =>
                $"the header lacks the column(s) {string.Join(", ", header.InvalidHeaders.SelectMany(h => h.Names).Distinct())}",
            TypeConverterException { Text: "" or null } empty =>
                $"{row}: column {empty.MemberMapData?.Names.FirstOrDefault() ?? "?"} is empty (the file may be truncated)",
            TypeConverterException converter =>
                $"{row}: '{converter.Text}' in column {converter.MemberMapData?.Names.FirstOrDefault() ?? "?"} is not a valid {Kind(converter.MemberMapData?.Type)}",
            CsvHelper.MissingFieldException => $"{row} has fewer fields than the header (the file may be truncated)",
            BadDataException => $"{row} has a malformed field (an unmatched quote?)",
            _ => $"{row} could not be read as a row of this file",
        };
    }

    private static string Kind(Type? type) => (type is null ? null : Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "whole number",
        var t when t == typeof(double) || t == typeof(float) => "number",
        var t when t == typeof(bool) => "true/false value",
        _ => "value",
    };
}

public sealed class CsvFormatException(string message, Exception inner) : Exception(message, inner);
