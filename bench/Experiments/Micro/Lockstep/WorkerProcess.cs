using System.Diagnostics;
using System.Globalization;

namespace FlashBench.Bench.Experiments.Micro.Lockstep;

/// <summary>A build's `flashbench micro-worker`, started as its own process and spoken to over stdin and stdout
/// (<see cref="LockstepProtocol"/>); the worker's stderr goes to ours. When <paramref name="cpus"/> is given, the worker
/// is pinned there (taskset, every thread) once it is ready, so both sides measure on the same core while their
/// preparation (building the kernels' matrices) still uses every core. The worker sees that many processors
/// (DOTNET_PROCESSOR_COUNT), so an all-cores kernel runs as many threads as it has cores.</summary>
public sealed class WorkerProcess : ILockstepSide
{
    private readonly Process _process;
    private readonly string _name;

    public WorkerProcess(string name, string binaryDirectory, string dataDirectory, string? cpus, IReadOnlyList<string>? benchmarks = null)
    {
        _name = name;
        string dll = Path.Combine(binaryDirectory, "flashbench.dll");
        if (!File.Exists(dll))
            throw new FileNotFoundException($"{name}: no flashbench.dll in {binaryDirectory}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Straight to optimised code, no dynamic PGO: tiered PGO compiles each process's hot loops from its own profile, which
        // made one process of the same build 4-7 % slower than the other on a kernel here.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        if (benchmarks is { Count: > 0 })
            start.Environment[FamilyFilter.Variable] = string.Join('\n', benchmarks);
        if (cpus is not null)
            start.Environment["DOTNET_PROCESSOR_COUNT"] = CpuCount(cpus).ToString(CultureInfo.InvariantCulture);
        foreach (string argument in new[] { dll, "micro-worker", "--data-dir", dataDirectory })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{name}: the worker did not start");
        var cases = new List<(string, string, int)>();
        while (true)
        {
            string line = _process.StandardOutput.ReadLine()
                ?? throw new InvalidOperationException($"{name}: the worker ended before it was ready (exit code {ExitCode()}); does this build have the micro-worker command?");
            var parts = line.Split('\t');
            if (parts[0] == LockstepProtocol.Ready)
                break;
            if (parts[0] == LockstepProtocol.Case && parts.Length == 4)
                cases.Add((parts[1], parts[2], int.Parse(parts[3], CultureInfo.InvariantCulture)));
            else
                throw new InvalidOperationException($"{name}: unexpected line from the worker: '{line}'");
        }
        Cases = cases;
        if (cpus is not null)
            Pin(cpus);
    }

    private void Pin(string cpus)
    {
        var taskset = new ProcessStartInfo("taskset") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (string argument in new[] { "-a", "-p", "-c", cpus, _process.Id.ToString(CultureInfo.InvariantCulture) })
            taskset.ArgumentList.Add(argument);
        using var pin = Process.Start(taskset) ?? throw new InvalidOperationException($"{_name}: taskset did not start");
        pin.StandardOutput.ReadToEnd();
        pin.WaitForExit();
        if (pin.ExitCode != 0)
            throw new InvalidOperationException($"{_name}: taskset could not pin the worker to CPU {cpus} (exit code {pin.ExitCode})");
    }

    /// <summary>CPUs in a taskset list such as "1", "0,2" or "0-3".</summary>
    public static int CpuCount(string cpus) => cpus.Split(',').Sum(part =>
        part.Split('-') is [var from, var to] ? int.Parse(to, CultureInfo.InvariantCulture) - int.Parse(from, CultureInfo.InvariantCulture) + 1 : 1);

    public IReadOnlyList<(string Family, string Name, int OperationsPerCall)> Cases { get; }

    public (double Nanoseconds, long AllocatedBytes) Run(string key, long calls)
    {
        _process.StandardInput.WriteLine(LockstepProtocol.RunLine(key, calls));
        _process.StandardInput.Flush();
        string line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"{_name}: the worker ended (exit code {ExitCode()})");
        var parts = line.Split('\t');
        if (parts[0] == LockstepProtocol.Done && parts.Length == 3)
            return (double.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
        throw new InvalidOperationException($"{_name}: {(parts[0] == LockstepProtocol.Error && parts.Length > 1 ? parts[1] : $"unexpected answer '{line}'")}");
    }

    private string ExitCode()
    {
        _process.WaitForExit(5000);
        return _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "still running";
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine(LockstepProtocol.Quit);
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(10_000))
                    _process.Kill(entireProcessTree: true);
            }
        }
        catch (IOException)
        {
            // the worker already closed its end: nothing to say goodbye to
        }
        _process.Dispose();
    }
}
