using FlashBench.Bench.Hosting;
using System.Runtime.CompilerServices;
using FlashBench.Core.Results;
using FlashBench.Reporting;
using FlashBench.Reporting.Readme;

namespace FlashBench.Tests.Reporting;

/// <summary>The README's generated tables must be exactly what the report code makes from the committed
/// reference run (the newest results/reference-* folder): nothing in the README is pasted by hand.</summary>
public sealed class ReadmeReferenceRunTests
{
    [Fact]
    public void Readme_tables_match_the_newest_reference_run()
    {
        string root = RepositoryRoot();
        string results = Path.Combine(root, "results");
        var reference = Directory.Exists(results)
            ? Directory.GetDirectories(results, "reference-*").OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        Assert.True(reference is not null,
            $"no committed reference run: expected a folder {results}/reference-<id> with the CSVs and run.json of the README's reference run " +
            "(commit one, then run `dotnet run -c Release --project bench -- report results/reference-<id> --readme README.md`)");
        string readmePath = Path.Combine(root, "README.md");
        Assert.True(File.Exists(readmePath), $"{readmePath} is missing");
        string readme = File.ReadAllText(readmePath);
        var names = ReadmeTables.Names(readme);
        Assert.True(names.Count > 0, "README.md has no <!-- flashbench:begin NAME --> … <!-- flashbench:end NAME --> markers");

        // Regenerate from a copy, so the test never writes into the repository.
        using var temp = new TempDirectory();
        string copy = Path.Combine(temp.Path, "results", Path.GetFileName(reference!));
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(reference!))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var tables = ReportGenerator.Generate(RunDirectory.Open(copy), ExperimentCatalog.ReportParts).Tables!;

        foreach (string name in names)
        {
            Assert.True(tables.ContainsKey(name), $"README marks a table '{name}' that the reference run {Path.GetFileName(reference)} does not produce (it produces: {string.Join(", ", tables.Keys)})");
            Assert.True(tables[name].Replace("\r\n", "\n").Trim('\n') == ReadmeTables.Extract(readme, name),
                $"README table '{name}' differs from the reference run {Path.GetFileName(reference)}; run `dotnet run -c Release --project bench -- report {Path.GetRelativePath(root, reference!)} --readme README.md`");
        }
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FlashBench.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"FlashBench.sln not found above {thisFile}");
    }
}
