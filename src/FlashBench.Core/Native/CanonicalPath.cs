using System.Runtime.InteropServices;

namespace FlashBench.Core.Native;

/// <summary>realpath(3): the absolute path with every symbolic link resolved, which is what the mount table lists.</summary>
public static class CanonicalPath
{
    /// <summary>The canonical path of an existing file or folder; otherwise <see cref="Path.GetFullPath(string)"/>.</summary>
    public static string Of(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return Path.GetFullPath(path);
        nint resolved = Libc.RealPath(path, 0);
        if (resolved == 0)
            return Path.GetFullPath(path);
        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? Path.GetFullPath(path);
        }
        finally
        {
            Libc.Free(resolved);
        }
    }
}
