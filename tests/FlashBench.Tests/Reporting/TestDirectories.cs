using System.Runtime.CompilerServices;

namespace FlashBench.Tests.Reporting;

/// <summary>A fresh directory under the system temp folder, deleted when the test ends.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "flashbench-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}

/// <summary>The committed fixtures under tests/FlashBench.Tests/Fixtures/reporting, found from this source file.</summary>
public static class Fixtures
{
    public static string Reporting([CallerFilePath] string thisFile = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(thisFile)!, "..", "Fixtures", "reporting"));

    /// <summary>Copies fixture run <paramref name="name"/> to &lt;root&gt;/results/&lt;name&gt; and returns that path
    /// (so plots go to &lt;root&gt;/plots/&lt;name&gt;, as in a real checkout).</summary>
    public static string CopyRun(string name, string root, string? asName = null)
    {
        string source = System.IO.Path.Combine(Reporting(), name);
        string target = System.IO.Path.Combine(root, "results", asName ?? name);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source))
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        return target;
    }
}
