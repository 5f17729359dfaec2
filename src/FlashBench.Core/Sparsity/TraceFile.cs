using System.Globalization;
using System.Text;
using FlashBench.Core.Results;

namespace FlashBench.Core.Sparsity;

/// <summary>The FlashBench activation-trace text format (docs/trace-format.md), for bringing real traces:
/// <code>
/// flashbench-trace 1
/// layers 2
/// neurons 16
/// tokens 2
/// # token layer : active neuron ids ; predicted neuron ids (optional: omitted = same as active)
/// 0 0 : 1 4 7 ; 1 4 7 9
/// 0 1 : 2 3
/// 1 0 : 1 5 ; 1 5 6
/// 1 1 : 3 ; 3 8
/// </code>
/// UTF-8 text; '#' starts a comment line; blank lines are ignored. The three header lines come first, in
/// this order; then exactly one line per (token, layer), tokens 0…tokens−1 in order and, within a token,
/// layers 0…layers−1 in order. Ids are decimal, in [0, neurons), separated by spaces, each at most once per
/// set, in any order. Anything else is refused with the file, line number and reason.</summary>
public static class TraceFile
{
    public const string Magic = "flashbench-trace";
    public const int Version = 1;

    public static ActivationTrace Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"trace file not found: {path}", path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, Path.GetFileName(path));
    }

    public static ActivationTrace Read(TextReader reader, string name)
    {
        int lineNumber = 0;
        string? Next()
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNumber++;
                string trimmed = line.Trim();
                if (trimmed.Length > 0 && trimmed[0] != '#')
                    return trimmed;
            }
            return null;
        }
        InvalidDataException Bad(string reason) => new($"{name}:{lineNumber}: {reason}");

        string first = Next() ?? throw Bad("empty trace file");
        if (first != $"{Magic} {Version}")
            throw Bad($"first line must be '{Magic} {Version}', found '{Shorten(first)}'");
        int layers = HeaderValue(Next(), "layers", Bad);
        int neurons = HeaderValue(Next(), "neurons", Bad);
        int tokens = HeaderValue(Next(), "tokens", Bad);

        var active = new NeuronSet[tokens, layers];
        var predicted = new NeuronSet[tokens, layers];
        for (int t = 0; t < tokens; t++)
        {
            for (int l = 0; l < layers; l++)
            {
                string line = Next() ?? throw Bad($"file ends before token {t} layer {l} ({tokens} tokens × {layers} layers expected)");
                int colon = line.IndexOf(':');
                if (colon < 0)
                    throw Bad("expected 'token layer : active ids [; predicted ids]'");
                var key = line[..colon].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (key.Length != 2 || !int.TryParse(key[0], NumberStyles.None, CultureInfo.InvariantCulture, out int token)
                    || !int.TryParse(key[1], NumberStyles.None, CultureInfo.InvariantCulture, out int layer))
                    throw Bad("expected 'token layer' before ':'");
                if (token != t || layer != l)
                    throw Bad($"expected token {t} layer {l}, found token {token} layer {layer} (lines must be in token, then layer, order)");
                string rest = line[(colon + 1)..];
                int semicolon = rest.IndexOf(';');
                active[t, l] = Ids(semicolon < 0 ? rest : rest[..semicolon], neurons, "active", Bad);
                predicted[t, l] = semicolon < 0 ? active[t, l] : Ids(rest[(semicolon + 1)..], neurons, "predicted", Bad);
            }
        }
        if (Next() is { } extra)
            throw Bad($"unexpected line after the last token: '{Shorten(extra)}'");
        return new ActivationTrace(name, neurons, active, predicted);
    }

    /// <summary>Writes <paramref name="trace"/> in the format above (atomically).</summary>
    public static void Write(string path, ActivationTrace trace) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            Write(writer, trace);
        });

    public static void Write(TextWriter writer, ActivationTrace trace)
    {
        writer.Write($"{Magic} {Version}\nlayers {trace.Layers}\nneurons {trace.NeuronsPerLayer}\ntokens {trace.Tokens}\n");
        writer.Write($"# source: {trace.Source}\n# token layer : active ids ; predicted ids\n");
        for (int t = 0; t < trace.Tokens; t++)
        {
            for (int l = 0; l < trace.Layers; l++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{t} {l} :"));
                foreach (int id in trace.Active(t, l).Ids)
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $" {id}"));
                writer.Write(" ;");
                foreach (int id in trace.Predicted(t, l).Ids)
                    writer.Write(string.Create(CultureInfo.InvariantCulture, $" {id}"));
                writer.Write('\n');
            }
        }
    }

    private static int HeaderValue(string? line, string field, Func<string, InvalidDataException> bad)
    {
        if (line is null)
            throw bad($"file ends before the '{field}' line");
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[0] != field || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value <= 0)
            throw bad($"expected '{field} N' with N a positive whole number, found '{Shorten(line)}'");
        return value;
    }

    private static NeuronSet Ids(string text, int neurons, string what, Func<string, InvalidDataException> bad)
    {
        var ids = new List<int>();
        var seen = new HashSet<int>();
        foreach (string item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                throw bad($"{what} neuron id '{Shorten(item)}' is not a whole number");
            if (id >= neurons)
                throw bad($"{what} neuron id {id} is outside 0..{neurons - 1}");
            if (!seen.Add(id))
                throw bad($"{what} neuron id {id} appears twice");
            ids.Add(id);
        }
        return NeuronSet.From(ids);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
