using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Adapters;
using FlashBench.Core.Adapters;
using FlashBench.Core.ReadPaths;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Adapters;

/// <summary>The adapters command refuses bad values before writing anything, and lists every file it reads.</summary>
public sealed class AdaptersOptionsTests
{
    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--chunk", "5000")]
    [InlineData("--chunk", "lots")]
    [InlineData("--threads", "0")]
    [InlineData("--method", "telepathy")]
    public void Bad_adapters_values_exit_2_and_write_nothing(params string[] args)
    {
        using var output = new TempDirectory();
        using var data = new TempDirectory();
        int code = FlashBenchCli.Run(["adapters", .. args, "--out", output.Path, "--data-dir", data.Path]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));
    }

    [Fact]
    public void Data_files_are_the_control_file_and_one_copy_per_round_method_and_layout()
    {
        var options = AdaptersOptions.ForProfile(Profile.Standard, "data") with { Rounds = 3, Methods = [ReadMethod.Direct, ReadMethod.IoUring] };
        var files = options.DataFiles();

        // the control file, then per method and round 7 per-adapter files and one per-layer file
        Assert.Equal(1 + 2 * 3 * (AdapterTasks.All.Count + 1), files.Count);
        Assert.Equal(files.Count, files.Select(f => f.Path).Distinct().Count());
        Assert.Equal(2 * 3 * 2 * options.Geometry.AdapterBlockBytes * AdapterTasks.All.Count + 2 * 3 * (AdapterTasks.All.Count + 1) * AdapterStore.HeaderBytes,
            files.Skip(1).Sum(f => f.Bytes));
    }
}
