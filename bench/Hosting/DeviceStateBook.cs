using FlashBench.Core.Results;

namespace FlashBench.Bench.Hosting;

/// <summary>The device's state around every (pass, case) a plan measured (<see cref="DeviceStates"/>); a measurement the
/// device watch did not judge is <see cref="DeviceStates.Unwatched"/>.</summary>
public sealed class DeviceStateBook
{
    private readonly Dictionary<(int Pass, string Case), string> _states = [];
    private readonly Lock _gate = new();

    public void Set(int pass, string caseKey, string state)
    {
        lock (_gate)
            _states[(pass, caseKey)] = state;
    }

    public string StateOf(int pass, string caseKey)
    {
        lock (_gate)
            return _states.GetValueOrDefault((pass, caseKey), DeviceStates.Unwatched);
    }
}
