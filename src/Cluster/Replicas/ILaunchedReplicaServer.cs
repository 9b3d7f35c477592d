namespace Convergence.Cluster.Replicas;

/// <summary>A replica server the harness started itself and can therefore kill and restart (the crash fault).</summary>
public interface ILaunchedReplicaServer : IReplicaServer
{
    /// <summary>The OS process id while running; null after <see cref="KillAsync"/>.</summary>
    int? ProcessId { get; }

    bool IsRunning { get; }

    /// <summary>Kills the server abruptly (SIGKILL of its whole process tree) and waits until it is gone.</summary>
    Task KillAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts the server again on the same data directory and port, and waits until it answers.</summary>
    Task RestartAsync(CancellationToken cancellationToken = default);
}
