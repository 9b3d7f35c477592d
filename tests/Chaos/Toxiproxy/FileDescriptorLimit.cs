using System.Runtime.InteropServices;

namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>Lowers this process's soft limit on open files (Linux) until disposed, to provoke EMFILE on purpose.</summary>
internal sealed partial class FileDescriptorLimit : IDisposable
{
    private const int ResourceOpenFiles = 7; // RLIMIT_NOFILE on Linux

    private readonly RLimit original;

    private FileDescriptorLimit(RLimit original) => this.original = original;

    /// <summary>Allows <paramref name="headroom"/> more descriptors than are open now.</summary>
    public static FileDescriptorLimit Lower(int headroom)
    {
        if (getrlimit(ResourceOpenFiles, out var original) != 0)
        {
            throw new InvalidOperationException($"getrlimit failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var open = (ulong)Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        var lowered = original with { Current = open + (ulong)headroom };
        if (setrlimit(ResourceOpenFiles, ref lowered) != 0)
        {
            throw new InvalidOperationException($"setrlimit failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return new FileDescriptorLimit(original);
    }

    public void Dispose()
    {
        var restored = original;
        _ = setrlimit(ResourceOpenFiles, ref restored);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private record struct RLimit(ulong Current, ulong Maximum);
}
