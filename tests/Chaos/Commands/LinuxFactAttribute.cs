using Xunit;

namespace Convergence.Chaos.Tests.Commands;

/// <summary>A fact that needs Linux (/proc, setsid, kill): skipped elsewhere, with the reason.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux: reads /proc and signals process groups";
    }
}
