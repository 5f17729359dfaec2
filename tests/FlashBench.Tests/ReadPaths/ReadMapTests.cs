using FlashBench.Core.ReadPaths;
using FlashBench.Core.Throughput.Offsets;

namespace FlashBench.Tests.ReadPaths;

public sealed class ReadMapTests
{
    private const long FileBytes = 64L << 20;
    private static readonly int[] Chunks = [4 << 10, 64 << 10, 1 << 20];

    [Fact]
    public void The_same_seed_proposes_the_same_offsets_and_another_seed_others()
    {
        var first = Drive(new RunReadMap(FileBytes, Chunks), seed: 42, readsPerStream: 40);
        var again = Drive(new RunReadMap(FileBytes, Chunks), seed: 42, readsPerStream: 40);
        var other = Drive(new RunReadMap(FileBytes, Chunks), seed: 43, readsPerStream: 40);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Stream_keys_differ_in_every_field_and_are_stable_across_processes()
    {
        ulong key = ReadStreamKey.For(7, ReadMethod.Direct, 4096, 8, 1, 2, 3);
        Assert.Equal(key, ReadStreamKey.For(7, ReadMethod.Direct, 4096, 8, 1, 2, 3));
        ulong[] variants =
        [
            ReadStreamKey.For(8, ReadMethod.Direct, 4096, 8, 1, 2, 3),
            ReadStreamKey.For(7, ReadMethod.Buffered, 4096, 8, 1, 2, 3),
            ReadStreamKey.For(7, ReadMethod.Direct, 8192, 8, 1, 2, 3),
            ReadStreamKey.For(7, ReadMethod.Direct, 4096, 16, 1, 2, 3),
            ReadStreamKey.For(7, ReadMethod.Direct, 4096, 8, 2, 2, 3),
            ReadStreamKey.For(7, ReadMethod.Direct, 4096, 8, 1, 3, 3),
            ReadStreamKey.For(7, ReadMethod.Direct, 4096, 8, 1, 2, 4),
        ];
        Assert.DoesNotContain(key, variants);
        Assert.Equal(variants.Length, variants.Distinct().Count());
        // a literal: HashCode would give another value in every process
        Assert.Equal(0xBD9CA365B00FA692UL, key);
    }

    [Fact]
    public void A_run_reading_less_than_its_file_reads_no_byte_twice_across_chunk_sizes()
    {
        var map = new RunReadMap(FileBytes, Chunks);
        var seen = new bool[FileBytes / 4096];
        long delivered = 0, reread = 0;
        var streams = Chunks.Select((c, i) => map.OpenStream(c, (ulong)i + 1)).ToArray();
        // 4K, 64K and 1M reads interleaved until half the file is read
        for (int round = 0; delivered < FileBytes / 2; round++)
        {
            for (int s = 0; s < streams.Length; s++)
            {
                int reads = s == 2 ? 1 : 4;
                for (int r = 0; r < reads; r++)
                {
                    long offset = map.Next(ref streams[s], out long again);
                    int chunk = streams[s].ChunkBytes;
                    Assert.Equal(0, offset % chunk);
                    Assert.InRange(offset, 0, FileBytes - chunk);
                    for (long unit = offset / 4096; unit < (offset + chunk) / 4096; unit++)
                    {
                        Assert.False(seen[unit], $"unit {unit} read twice (chunk {chunk}, offset {offset})");
                        seen[unit] = true;
                    }
                    delivered += chunk;
                    reread += again;
                }
            }
        }
        Assert.Equal(0, reread);
        Assert.Equal(1, map.Cycle);
    }

    [Fact]
    public void One_chunk_size_reads_the_whole_file_before_any_byte_again()
    {
        var map = new RunReadMap(FileBytes, [64 << 10]);
        var stream = map.OpenStream(64 << 10, 99);
        long chunks = FileBytes / (64 << 10);
        for (long i = 0; i < chunks; i++)
        {
            map.Next(ref stream, out long again);
            Assert.Equal(0, again);
        }
        Assert.Equal(chunks, map.UnitsEverRead()); // one size: the unit is the chunk
        map.Next(ref stream, out long first);
        Assert.Equal(64 << 10, first);
        Assert.Equal(2, map.Cycle);
    }

    [Fact]
    public void Re_read_bytes_are_counted_exactly_when_a_run_reads_more_than_its_file()
    {
        var map = new RunReadMap(FileBytes, Chunks);
        var times = new int[FileBytes / 4096];
        long expected = 0, reported = 0, delivered = 0;
        var streams = Chunks.Select((c, i) => map.OpenStream(c, 1000 + (ulong)i)).ToArray();
        while (delivered < 3 * FileBytes)
        {
            for (int s = 0; s < streams.Length; s++)
            {
                long offset = map.Next(ref streams[s], out long again);
                int chunk = streams[s].ChunkBytes;
                for (long unit = offset / 4096; unit < (offset + chunk) / 4096; unit++)
                {
                    if (times[unit]++ > 0)
                        expected += 4096;
                }
                reported += again;
                delivered += chunk;
            }
        }
        Assert.True(map.Cycle > 2, $"three files' worth of reads went through {map.Cycle} cycles");
        Assert.Equal(expected, reported);
        Assert.Equal(delivered - map.UnitsEverRead() * 4096, reported);
    }

    [Fact]
    public void Concurrent_readers_count_re_reads_exactly()
    {
        var map = new RunReadMap(16L << 20, [4 << 10, 32 << 10, 256 << 10]);
        var claimed = new long[6];
        var reported = new long[6];
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, reader =>
        {
            int chunk = (4 << 10) << (3 * (reader % 3));
            var stream = map.OpenStream(chunk, (ulong)reader);
            for (int i = 0; i < 3000 / (1 << (3 * (reader % 3))) + 20; i++)
            {
                map.Next(ref stream, out long again);
                claimed[reader] += chunk;
                reported[reader] += again;
            }
        });
        Assert.Equal(claimed.Sum() - map.UnitsEverRead() * 4096, reported.Sum());
    }

    [Fact]
    public void Geometry_uses_the_common_divisor_and_multiple_of_the_chunk_sizes()
    {
        var powers = ReadMapGeometry.For(64L << 20, [4096, 16384, 1 << 20]);
        Assert.Equal(4096, powers.UnitBytes);
        Assert.Equal(1 << 20, powers.SlabBytes);
        Assert.Equal(64, powers.SlabCount);

        var odd = ReadMapGeometry.For(64L << 20, [3000, 4096]);
        Assert.Equal(8, odd.UnitBytes);
        Assert.Equal(1_536_000, odd.SlabBytes);

        var error = Assert.Throws<ArgumentException>(() => ReadMapGeometry.For(1L << 20, [999_983, 4096]));
        Assert.Contains("no common multiple", error.Message);
        Assert.Throws<ArgumentException>(() => new RunReadMap(64L << 20, [4096]).OpenStream(8192, 1));
    }

    /// <summary>Streams of every chunk size and three threads, driven one read each in a fixed order.</summary>
    private static List<long> Drive(RunReadMap map, ulong seed, int readsPerStream)
    {
        var streams = Chunks.SelectMany(chunk => Enumerable.Range(0, 3).Select(thread =>
            map.OpenStream(chunk, ReadStreamKey.For(seed, ReadMethod.Direct, chunk, 3, 0, 0, thread)))).ToArray();
        var offsets = new List<long>();
        for (int i = 0; i < readsPerStream; i++)
        {
            for (int s = 0; s < streams.Length; s++)
                offsets.Add(map.Next(ref streams[s], out _));
        }
        return offsets;
    }
}
