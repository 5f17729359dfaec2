using System.CommandLine;

namespace FlashBench.Bench.Hosting;

/// <summary>An experiment's own command-line options (beyond the common ones) and how they override the profile's
/// design. A binder is created per command: a System.CommandLine option belongs to one parent.</summary>
public interface IOptionBinder<TOptions>
{
    IEnumerable<Option> Options { get; }

    /// <summary>The defaults with every given option applied; bad values throw <see cref="Cli.UsageException"/>.</summary>
    TOptions Apply(TOptions defaults, ParseResult parse);
}
