using FlashBench.Core.PageCache;
using Microsoft.Win32.SafeHandles;

namespace FlashBench.Core.Storage;

/// <summary>Writes a data file through a .partial sibling: preallocated, filled by the caller, fsynced (dirty pages cannot
/// be evicted), renamed over the final name, then evicted from the page cache so that the first read reaches the device. A
/// failed or interrupted write leaves no file under the final name.</summary>
public static class PartialFile
{
    public static void Write(string path, long bytes, Action<SafeFileHandle> fill)
    {
        string temporary = path + ".partial";
        try
        {
            using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, bytes))
            {
                fill(handle);
                using var stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
        if (OperatingSystem.IsLinux())
            PageCacheControl.Evict(path);
    }
}
