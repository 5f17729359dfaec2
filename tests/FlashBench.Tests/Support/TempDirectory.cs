namespace FlashBench.Tests.Support;

/// <summary>A fresh folder beside the test binaries (so on the repository's file system, where O_DIRECT
/// normally works; /tmp may be tmpfs), deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string? root = null)
    {
        Path = System.IO.Path.Combine(root ?? System.IO.Path.Combine(AppContext.BaseDirectory, "test-data"), Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a file still open on a slow CI disk is not a test failure
        }
    }
}
