using System.Globalization;
using Convergence.Cluster.CouchDb;

namespace Convergence.Cluster.Replicas;

/// <summary>
/// A region's pouchdb-server, launched by the harness on 127.0.0.1 with its own data directory. It keeps its port and
/// data directory across <see cref="KillAsync"/>/<see cref="RestartAsync"/>, so a restarted replica is the same replica
/// to its peers and to the replications that point at it.
/// </summary>
public sealed class EmbeddedReplicaServer : ILaunchedReplicaServer, IAsyncDisposable
{
    private readonly EmbeddedReplicaOptions _options;
    private readonly string _toolsDirectory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PouchDbServerProcess? _process;
    private bool _disposed;

    private EmbeddedReplicaServer(string region, int port, string dataDirectory, string toolsDirectory, EmbeddedReplicaOptions options)
    {
        Name = region;
        Port = port;
        DataDirectory = dataDirectory;
        _toolsDirectory = toolsDirectory;
        _options = options;
        BaseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        DatabaseName = ReplicaNaming.DatabaseName(region);
    }

    public string Name { get; }

    public Uri BaseUri { get; }

    /// <summary>Always null: the embedded server runs in "admin party" mode on 127.0.0.1.</summary>
    public CouchCredentials? Credentials => null;

    public string DatabaseName { get; }

    public int Port { get; }

    /// <summary>Database files, config.json, process.log (stdout/stderr) and pouchdb-server.log of this server.</summary>
    public string DataDirectory { get; }

    /// <summary>The captured stdout and stderr of every start of this server.</summary>
    public string ProcessLogPath => Path.Combine(DataDirectory, PouchDbServerProcess.ProcessLogFileName);

    public int? ProcessId => _process?.Id;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Launches the region's server in <c>&lt;RunDirectory&gt;/&lt;region&gt;</c> on a free port and waits until it
    /// answers. A server that fails to start (e.g. its port was taken) is retried on a new port.
    /// </summary>
    public static async Task<EmbeddedReplicaServer> StartAsync(string region, EmbeddedReplicaOptions options, CancellationToken cancellationToken = default)
    {
        ReplicaNaming.Validate(region);
        ArgumentNullException.ThrowIfNull(options);
        var toolsDirectory = ReplicaToolsDirectory.Locate(options.ToolsDirectory);
        var dataDirectory = Path.Combine(options.RunDirectory, region);
        for (var attempt = 1; ; attempt++)
        {
            var server = new EmbeddedReplicaServer(region, LoopbackPort.FindFree(), dataDirectory, toolsDirectory, options);
            try
            {
                await server.RestartAsync(cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException) when (attempt < options.StartAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Exited during start-up: most likely the port was taken between finding it and binding it.
            }
        }
    }

    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await KillCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the server (killing it first if it runs) on the same port and data directory.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await KillCoreAsync(cancellationToken).ConfigureAwait(false);
            _process = await PouchDbServerProcess.StartAsync(
                _options.NodeExecutable, _toolsDirectory, Port, DataDirectory, _options.InMemory, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Kills the server; the data directory is left for inspection (the run folder belongs to the caller).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            await KillCoreAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} (pouchdb-server {BaseUri}, pid {ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "none"})";

    private async Task KillCoreAsync(CancellationToken cancellationToken)
    {
        if (_process is { } process)
        {
            _process = null;
            await process.KillAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
