using FlashBench.Bench.Cli;

namespace FlashBench.Bench.Hosting;

/// <summary>What every run is started with, from the command line or the suite's defaults: the profile, where data files
/// live (the storage measured), where results go, and the run's seed (offsets and case orders derive from it; run.json
/// records it so a run can be repeated).</summary>
public sealed record RunSettings(Profile Profile, string DataDirectory, string ResultsRoot, ulong Seed);
