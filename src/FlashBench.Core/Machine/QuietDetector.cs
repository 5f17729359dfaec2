namespace FlashBench.Core.Machine;

/// <summary>Decides, from successive readings of a device's counters, when it has gone quiet: nothing in flight and
/// no sector written for <see cref="QuietFor"/>. A file just written and fsynced can still be followed by journal
/// commits and the device's own write-back; reads measured during them would be slower for no reason of their own.</summary>
public sealed class QuietDetector(TimeSpan quietFor)
{
    private long? _lastWritten;
    private TimeSpan _quietSince;

    public TimeSpan QuietFor { get; } = quietFor;

    /// <summary>Feeds one reading taken at <paramref name="at"/> (increasing); true once the device has been quiet long enough.</summary>
    public bool Observe(TimeSpan at, BlockDeviceStat stat)
    {
        if (stat.InFlight > 0 || _lastWritten != stat.SectorsWritten)
        {
            _lastWritten = stat.InFlight > 0 ? null : stat.SectorsWritten;
            _quietSince = at;
            return false;
        }
        return at - _quietSince >= QuietFor;
    }
}
