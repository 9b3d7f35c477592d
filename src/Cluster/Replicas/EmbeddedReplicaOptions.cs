namespace Convergence.Cluster.Replicas;

/// <summary>How embedded replica servers (one pouchdb-server process per region) are launched.</summary>
public sealed record EmbeddedReplicaOptions
{
    public EmbeddedReplicaOptions(string runDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        RunDirectory = Path.GetFullPath(runDirectory);
    }

    /// <summary>Each region gets <c>&lt;RunDirectory&gt;/&lt;region&gt;/</c> for its database files, config and logs.</summary>
    public string RunDirectory { get; }

    /// <summary>tools/replica; found automatically when null (see <see cref="ReplicaToolsDirectory.Locate"/>).</summary>
    public string? ToolsDirectory { get; init; }

    /// <summary>The node executable (looked up on PATH when not a path).</summary>
    public string NodeExecutable { get; init; } = "node";

    /// <summary>How long one server may take to answer <c>GET /</c> after its process started.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Start attempts per server on a fresh port (a port found free can be taken by someone else before the bind).</summary>
    public int StartAttempts { get; init; } = 3;

    /// <summary>Keep databases in memory (faster; a restart loses everything, so the crash fault loses data).</summary>
    public bool InMemory { get; init; }
}
