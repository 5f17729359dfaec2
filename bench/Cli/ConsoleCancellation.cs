namespace FlashBench.Bench.Cli;

/// <summary>Ctrl+C asks the run to stop between measurements instead of killing it mid-write.</summary>
public sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    private ConsoleCancellation() => Console.CancelKeyPress += OnCancel;

    public CancellationToken Token => _source.Token;

    public static ConsoleCancellation Create() => new();

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested)
            return; // a second Ctrl+C terminates at once
        e.Cancel = true;
        Console.Error.WriteLine("flashbench: stopping after the current measurement (Ctrl+C again to abort)");
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }
}
