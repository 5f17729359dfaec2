namespace FlashBench.Core.Adapters;

/// <summary>Where one copy of a set of adapters lies in one layout: the file(s), and the regions a swap of each adapter
/// reads. Every file starts with a 4096-byte header page. Per adapter: file a holds a's layer blocks 0…L−1 back to back.
/// Per layer: one file whose region for layer l holds the blocks of adapters 0…T−1, so adapter a's block of layer l is at
/// header + (l·T + a) · block. A copy is named by its seed: a run reads each copy once, so no read is served by a cache
/// below the VM that an earlier read of the same bytes filled.</summary>
public sealed record AdapterStore(string Directory, LoraGeometry Geometry, IReadOnlyList<string> Tasks, AdapterLayout Layout, ulong Seed)
{
    public const int HeaderBytes = LoraGeometry.Alignment;

    public IReadOnlyList<string> Files => Layout == AdapterLayout.PerAdapter
        ? Enumerable.Range(0, Tasks.Count).Select(FileOf).ToList()
        : [FileOf(0)];

    /// <summary>The file adapter <paramref name="adapter"/> is read from.</summary>
    public string FileOf(int adapter)
    {
        string stem = $"flashbench-lora-{Geometry.Shape.Name}-r{Geometry.Rank}";
        string name = Layout == AdapterLayout.PerAdapter
            ? $"{stem}-{Tasks[adapter]}-{Seed:x16}.bin"
            : $"{stem}-per-layer-{Tasks.Count}-{StableHash.Of(string.Join(',', Tasks)):x8}-{Seed:x16}.bin";
        return Path.Combine(Path.GetFullPath(Directory), name);
    }

    public long FileBytes => HeaderBytes + (Layout == AdapterLayout.PerAdapter ? 1 : Tasks.Count) * Geometry.AdapterBlockBytes;

    /// <summary>The regions a swap of <paramref name="adapter"/> reads, in layer order: one (the whole file after its header)
    /// per adapter, one block per layer per layer.</summary>
    public IReadOnlyList<(long Offset, long Length)> Regions(int adapter)
    {
        if (Layout == AdapterLayout.PerAdapter)
            return [(HeaderBytes, Geometry.AdapterBlockBytes)];
        long block = Geometry.LayerBlockBytes;
        return Enumerable.Range(0, Geometry.Shape.Layers).Select(l => (HeaderBytes + ((long)l * Tasks.Count + adapter) * block, block)).ToList();
    }

    /// <summary>Offset of layer <paramref name="layer"/>'s block of <paramref name="adapter"/> in its file.</summary>
    public long BlockOffset(int adapter, int layer) => Layout == AdapterLayout.PerAdapter
        ? HeaderBytes + layer * Geometry.LayerBlockBytes
        : HeaderBytes + ((long)layer * Tasks.Count + adapter) * Geometry.LayerBlockBytes;

    public string HeaderText(int fileIndex) =>
        $"FBLORA v1 {Geometry.Shape.Name} rank={Geometry.Rank} layout={Layout.Name()} layers={Geometry.Shape.Layers} block={Geometry.LayerBlockBytes} " +
        (Layout == AdapterLayout.PerAdapter ? $"task={Tasks[fileIndex]}" : $"tasks={string.Join(',', Tasks)}") + $" seed={Seed:x16}";
}
