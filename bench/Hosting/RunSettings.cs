using FlashBench.Bench.Cli;
using FlashBench.Core.DeviceWatch;

namespace FlashBench.Bench.Hosting;

/// <summary>What every run is started with, from the command line or the suite's defaults: the profile, where data files
/// live (the storage measured), where results go, the run's seed (offsets and case orders derive from it; run.json
/// records it so a run can be repeated), and how the device is watched (null: not watched).</summary>
public sealed record RunSettings(Profile Profile, string DataDirectory, string ResultsRoot, ulong Seed, DeviceWatchOptions? DeviceWatch = null);
