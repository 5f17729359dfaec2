using FlashBench.Bench.Cli;

return FlashBenchCli.Run(args);
