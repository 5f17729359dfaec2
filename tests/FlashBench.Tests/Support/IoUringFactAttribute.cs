using FlashBench.Core.ReadPaths;

namespace FlashBench.Tests.Support;

/// <summary>A test that needs io_uring. Where the kernel refuses it (too old, kernel.io_uring_disabled, a container's
/// seccomp profile) the test is skipped with the kernel's reason.</summary>
public sealed class IoUringFactAttribute : FactAttribute
{
    internal static readonly Lazy<DirectIoSupport> Kernel = new(IoUringProbe.Kernel);

    public IoUringFactAttribute()
    {
        if (!Kernel.Value.Supported)
            Skip = $"io_uring is unavailable here: {Kernel.Value.Detail}";
    }
}

/// <summary>The theory form of <see cref="IoUringFactAttribute"/>.</summary>
public sealed class IoUringTheoryAttribute : TheoryAttribute
{
    public IoUringTheoryAttribute()
    {
        if (!IoUringFactAttribute.Kernel.Value.Supported)
            Skip = $"io_uring is unavailable here: {IoUringFactAttribute.Kernel.Value.Detail}";
    }
}
