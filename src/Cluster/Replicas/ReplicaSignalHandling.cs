namespace Convergence.Cluster.Replicas;

/// <summary>Who answers SIGINT/SIGTERM/SIGHUP/SIGQUIT for the replica processes the harness started.</summary>
public static class ReplicaSignalHandling
{
    /// <summary>
    /// From now on those signals no longer kill the replicas at once: the host (the chaos command) cancels its run,
    /// reads the regions, stops the replicas in order and writes a partial report, and on a second signal calls
    /// <see cref="StopAllNow"/> and exits — the process-exit hook kills any child left then, so none is left behind.
    /// </summary>
    public static void LeaveToHost() => ChildProcessRegistry.HostHandlesSignals = true;

    /// <summary>Kills every replica process still running and waits (a few seconds at most) until each is reaped.</summary>
    public static void StopAllNow() => ChildProcessRegistry.KillAll();

    /// <summary>The PIDs of the replica processes running now (for diagnostics and tests).</summary>
    public static IReadOnlyCollection<int> LiveProcessIds => ChildProcessRegistry.LiveProcessIds;
}
