using System.Buffers.Binary;
using System.Text;
using FlashBench.Core.Results;

namespace FlashBench.Core.Sparsity;

/// <summary>The binary companion of an activation trace, <c>TRACE.hidden</c> (docs/trace-format.md): the
/// attention output feeding every layer's FFN for every token of the trace. Little-endian:
/// <code>
/// bytes 0–7   "FBHIDDEN" (ASCII)
/// int32       version (1)
/// int32       layers
/// int32       tokens
/// int32       d_model
/// int32       dtype (1 = float32, the only one)
/// float32     values [token][layer][d_model]
/// </code>
/// The file must be exactly 28 + 4 × tokens × layers × d_model bytes and every value finite; anything else
/// is refused with a one-line <see cref="InvalidDataException"/> naming the file and the problem.</summary>
public static class HiddenStateFile
{
    public const string Magic = "FBHIDDEN";
    public const int Version = 1;
    public const int Float32 = 1;
    public const int HeaderBytes = 28;
    public const string Extension = ".hidden";

    /// <summary>Where the hidden states of <paramref name="tracePath"/> live: the trace's path + ".hidden".</summary>
    public static string PathFor(string tracePath) => tracePath + Extension;

    public sealed record Header(int Layers, int Tokens, int DModel)
    {
        public long ExpectedBytes => HeaderBytes + 4L * Layers * Tokens * DModel;
    }

    public static Header ReadHeader(string path)
    {
        using var stream = Open(path);
        return ReadHeader(stream, Path.GetFileName(path));
    }

    /// <summary>Reads file layers <paramref name="layers"/> (every layer when null) of every token.</summary>
    public static HiddenStates Read(string path, IReadOnlyList<int>? layers = null)
    {
        string name = Path.GetFileName(path);
        using var stream = Open(path);
        var header = ReadHeader(stream, name);
        layers ??= Enumerable.Range(0, header.Layers).ToList();
        foreach (int layer in layers)
        {
            if (layer < 0 || layer >= header.Layers)
                throw new InvalidDataException($"{name}: has {header.Layers} layers, layer {layer} is needed");
        }
        if ((long)header.Tokens * layers.Count * header.DModel > Array.MaxLength || 4L * header.Layers * header.DModel > Array.MaxLength)
            throw new InvalidDataException($"{name}: {header.Tokens} tokens × {layers.Count} layers × d_model {header.DModel} is too large to load");

        var values = new float[header.Tokens * layers.Count * header.DModel];
        var block = new byte[4 * header.Layers * header.DModel]; // one token, every layer
        for (int t = 0; t < header.Tokens; t++)
        {
            stream.ReadExactly(block);
            for (int s = 0; s < layers.Count; s++)
            {
                int source = 4 * layers[s] * header.DModel;
                int target = (t * layers.Count + s) * header.DModel;
                for (int i = 0; i < header.DModel; i++)
                {
                    float v = BinaryPrimitives.ReadSingleLittleEndian(block.AsSpan(source + 4 * i, 4));
                    if (!float.IsFinite(v))
                        throw new InvalidDataException($"{name}: non-finite value {v} at token {t} layer {layers[s]} index {i}");
                    values[target + i] = v;
                }
            }
        }
        return new HiddenStates(header.Tokens, layers, header.DModel, values);
    }

    /// <summary>Writes <paramref name="states"/> (its loaded layers become layers 0…n−1 of the file), atomically.</summary>
    public static void Write(string path, HiddenStates states) =>
        AtomicFile.Write(path, stream =>
        {
            var header = new byte[HeaderBytes];
            Encoding.ASCII.GetBytes(Magic).CopyTo(header, 0);
            int[] fields = [Version, states.FileLayers.Count, states.Tokens, states.DModel, Float32];
            for (int i = 0; i < fields.Length; i++)
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8 + 4 * i), fields[i]);
            stream.Write(header);
            var block = new byte[4 * states.DModel];
            for (int t = 0; t < states.Tokens; t++)
            {
                foreach (int layer in states.FileLayers)
                {
                    var vector = states.Vector(t, layer);
                    for (int i = 0; i < vector.Length; i++)
                        BinaryPrimitives.WriteSingleLittleEndian(block.AsSpan(4 * i), vector[i]);
                    stream.Write(block);
                }
            }
        });

    private static FileStream Open(string path) =>
        File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20)
            : throw new FileNotFoundException($"hidden-state file not found: {path}", path);

    private static Header ReadHeader(Stream stream, string name)
    {
        var bytes = new byte[HeaderBytes];
        int read = stream.ReadAtLeast(bytes, HeaderBytes, throwOnEndOfStream: false);
        if (read >= Magic.Length && Encoding.ASCII.GetString(bytes, 0, Magic.Length) != Magic)
            throw new InvalidDataException($"{name}: not a FlashBench hidden-state file (starts with '{Printable(bytes.AsSpan(0, Magic.Length))}', expected '{Magic}')");
        if (read < HeaderBytes)
            throw new InvalidDataException($"{name}: truncated header ({read} of {HeaderBytes} bytes)");
        int Field(int i) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8 + 4 * i));
        int version = Field(0), layers = Field(1), tokens = Field(2), dModel = Field(3), dtype = Field(4);
        if (version != Version)
            throw new InvalidDataException($"{name}: version {version} is not supported (expected {Version})");
        if (layers <= 0 || tokens <= 0 || dModel <= 0)
            throw new InvalidDataException($"{name}: layers {layers}, tokens {tokens}, d_model {dModel} must all be positive");
        if (dtype != Float32)
            throw new InvalidDataException($"{name}: dtype code {dtype} is not supported ({Float32} = float32 is the only one)");
        var header = new Header(layers, tokens, dModel);
        if (stream.Length != header.ExpectedBytes)
        {
            string what = stream.Length < header.ExpectedBytes ? "truncated" : "trailing bytes";
            throw new InvalidDataException($"{name}: {stream.Length} bytes, but {layers} layers × {tokens} tokens × d_model {dModel} float32 need {header.ExpectedBytes} ({what})");
        }
        return header;
    }

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        string.Concat(bytes.ToArray().Select(b => b is >= 0x20 and < 0x7f ? (char)b : '?'));
}
