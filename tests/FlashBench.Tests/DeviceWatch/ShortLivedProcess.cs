using System.Diagnostics;
using System.Globalization;

namespace FlashBench.Tests.DeviceWatch;

/// <summary>`sleep` as a child process to move between cgroups, killed and reaped on dispose.</summary>
public sealed class ShortLivedProcess : IDisposable
{
    private readonly Process _process;

    private ShortLivedProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public static ShortLivedProcess Start(int seconds = 30) =>
        new(Process.Start(new ProcessStartInfo("sleep", seconds.ToString(CultureInfo.InvariantCulture)))
            ?? throw new InvalidOperationException("sleep did not start"));

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
