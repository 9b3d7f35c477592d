using System.Diagnostics;

namespace Convergence.Cluster.Replicas;

/// <summary>
/// How a replica server is started so that it dies with the harness however the harness dies, and never receives the
/// signals a terminal sends the harness. Two ties, both needed:
/// <list type="bullet">
/// <item>its stdin is a pipe the harness holds and never writes: the kernel closes the harness's end even on
/// <c>kill -9</c>, and <c>tools/replica/tethered-server.js</c> exits on end-of-file (and when its parent PID changes);</item>
/// <item>it runs in a session (hence a process group) of its own through <c>setsid</c>, so a terminal's Ctrl+C, Ctrl+\ or
/// hang-up reaches only the harness, which reads the regions and then stops the servers itself.</item>
/// </list>
/// .NET cannot call <c>setsid()</c> or <c>prctl(PR_SET_PDEATHSIG)</c> between fork and exec, hence the helper program
/// and the wrapper script. <c>setsid</c> execs in place (it forks only when already a group leader, which a freshly
/// forked child is not), so the PID the harness tracks is the server's own.
/// </summary>
internal static class TetheredLaunch
{
    /// <summary>The wrapper script, relative to tools/replica.</summary>
    public const string WrapperScript = "tethered-server.js";

    private static readonly string[] SetsidLocations = ["/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid"];

    /// <summary>The setsid program, or null where there is none (then the wrapper ignores the terminal's signals instead).</summary>
    public static string? SetsidPath { get; } = OperatingSystem.IsWindows() ? null : SetsidLocations.FirstOrDefault(File.Exists);

    /// <summary>The start info for <c>node tethered-server.js ARGS</c> in its own session, with stdin as the harness's tether.</summary>
    public static ProcessStartInfo StartInfo(string nodeExecutable, string toolsDirectory, IEnumerable<string> serverArguments)
    {
        var wrapper = Path.Combine(toolsDirectory, WrapperScript);
        if (!File.Exists(wrapper))
            throw new InvalidOperationException($"{wrapper} is missing: it ties each replica server to the harness's life (tools/replica holds it).");

        var startInfo = new ProcessStartInfo(SetsidPath ?? nodeExecutable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The tether: never written, closed by the kernel when the harness exits.
            RedirectStandardInput = true,
            CreateNoWindow = true,
        };
        if (SetsidPath is not null) startInfo.ArgumentList.Add(nodeExecutable);
        startInfo.ArgumentList.Add(wrapper);
        foreach (var argument in serverArguments) startInfo.ArgumentList.Add(argument);
        return startInfo;
    }
}
