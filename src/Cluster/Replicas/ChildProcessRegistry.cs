using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Convergence.Cluster.Replicas;

/// <summary>
/// Kills every server process the harness started when this process ends: normal exit, SIGINT, SIGTERM, SIGHUP, SIGQUIT,
/// or a test host shutting down. This is the one piece of static mutable state in the engine, and it has to be:
/// process-exit and signal handlers are process-wide, so the set of live children they kill must be too.
/// SIGKILL of the harness runs none of this: there the children's own tether ends them (<see cref="TetheredLaunch"/>).
/// </summary>
internal static class ChildProcessRegistry
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private static readonly Lock HookLock = new();
    private static readonly TimeSpan ExitWaitLimit = TimeSpan.FromSeconds(5);
    private static bool _hooked;
    private static readonly List<PosixSignalRegistration> SignalRegistrations = [];

    /// <summary>Tracks a started process until <see cref="Unregister"/>.</summary>
    public static void Register(Process process)
    {
        EnsureHooked();
        Live[process.Id] = process;
    }

    public static void Unregister(int processId) => Live.TryRemove(processId, out _);

    /// <summary>The process ids currently tracked (for diagnostics and tests).</summary>
    public static IReadOnlyCollection<int> LiveProcessIds => Live.Keys.ToList();

    /// <summary>
    /// Kills every tracked process tree, then waits (at most a few seconds in all) until each is reaped, so that when this
    /// process is gone its children are gone too, not just signalled. Safe to call from any thread and more than once.
    /// </summary>
    public static void KillAll()
    {
        var killed = new List<Process>();
        foreach (var (id, process) in Live)
        {
            if (Live.TryRemove(id, out _))
            {
                KillTree(process);
                killed.Add(process);
            }
        }

        var deadline = Stopwatch.StartNew();
        foreach (var process in killed)
        {
            var left = ExitWaitLimit - deadline.Elapsed;
            try
            {
                process.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
            catch (InvalidOperationException)
            {
                // Disposed by its owner meanwhile: it has exited.
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
    }

    /// <summary>SIGKILL of the process and everything it started; never throws (it may already be gone).</summary>
    public static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Already gone or being reaped.
        }
    }

    /// <summary>
    /// Set by a host that stops its runs itself on SIGINT/SIGTERM/SIGHUP/SIGQUIT (replicas stopped in order, a partial report written)
    /// and exits the process on a second signal: the children are then killed by the process-exit hook, not at once.
    /// </summary>
    internal static bool HostHandlesSignals { get; set; }

    private static void KillUnlessHostHandlesSignals()
    {
        if (!HostHandlesSignals) KillAll();
    }

    private static void EnsureHooked()
    {
        lock (HookLock)
        {
            if (_hooked)
            {
                return;
            }

            _hooked = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
            // The handlers do not cancel the signal: the default action (terminate) still follows, children first.
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
            {
                SignalRegistrations.Add(PosixSignalRegistration.Create(signal, _ => KillUnlessHostHandlesSignals()));
            }
        }
    }
}
