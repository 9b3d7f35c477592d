namespace Convergence.Cluster.Replicas;

/// <summary>Who answers SIGINT/SIGTERM for the replica processes the harness started.</summary>
public static class ReplicaSignalHandling
{
    /// <summary>
    /// From now on SIGINT/SIGTERM no longer kill the replicas at once: the host (the chaos command) cancels its run,
    /// stops them in order and writes a partial report, and on a second signal exits — the process-exit hook still
    /// kills every child then, so none is left behind either way.
    /// </summary>
    public static void LeaveToHost() => ChildProcessRegistry.HostHandlesSignals = true;
}
