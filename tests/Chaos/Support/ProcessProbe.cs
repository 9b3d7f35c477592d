using System.Diagnostics;

namespace Convergence.Chaos.Tests.Support;

/// <summary>Whether an OS process still exists.</summary>
public static class ProcessProbe
{
    public static bool IsAlive(int processId)
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists($"/proc/{processId}");
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
