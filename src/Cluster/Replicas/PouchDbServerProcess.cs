using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Convergence.Cluster.Replicas;

/// <summary>
/// One running pouchdb-server node process: started tethered to the harness (<see cref="TetheredLaunch"/>: it exits when
/// the harness does, however that happens, and runs in its own session), waited on until it answers, killed by PID with its
/// whole tree. Everything it writes (config.json, database files, logs) stays in its data directory, which is also its working
/// directory, so nothing lands in the current directory or in tools/replica.
/// </summary>
internal sealed class PouchDbServerProcess
{
    public const string ProcessLogFileName = "process.log";
    public const string ServerLogFileName = "pouchdb-server.log";
    public const string ConfigFileName = "config.json";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    private PouchDbServerProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
        Id = process.Id;
    }

    public int Id { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server and returns once <c>GET /</c> answers 200; on failure the process is killed and the log tail reported.</summary>
    public static async Task<PouchDbServerProcess> StartAsync(
        string nodeExecutable, string toolsDirectory, int port, string dataDirectory, bool inMemory, TimeSpan startTimeout,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        WriteConfigIfMissing(dataDirectory);

        var arguments = new List<string> { "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", dataDirectory, "--config", Path.Combine(dataDirectory, ConfigFileName), "--no-color" };
        if (inMemory)
        {
            arguments.Add("--in-memory");
        }

        var startInfo = TetheredLaunch.StartInfo(ResolveExecutable(nodeExecutable), toolsDirectory, arguments);
        startInfo.WorkingDirectory = dataDirectory;

        // Without this, deleting a _replicator document crashes the server (an uncaught 404 inside the replicator plugin).
        startInfo.Environment["NODE_OPTIONS"] = "--unhandled-rejections=warn";

        var log = new StreamWriter(new FileStream(Path.Combine(dataDirectory, ProcessLogFileName), FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            AutoFlush = true,
        };
        var process = new Process { StartInfo = startInfo };
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"Could not start {nodeExecutable}.");
            }
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            await log.DisposeAsync().ConfigureAwait(false);
            process.Dispose();
            throw new InvalidOperationException(
                $"node and npm are required for the embedded replica server (tools/replica): could not run '{nodeExecutable}'.", exception);
        }

        ChildProcessRegistry.Register(process);
        var server = new PouchDbServerProcess(process, log);
        server.WriteLog($"=== {DateTimeOffset.UtcNow:O} started pid {process.Id} on 127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => server.WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => server.WriteLog(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server.WaitUntilAnsweringAsync(port, startTimeout, dataDirectory, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.KillAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>SIGKILL of the process tree, then waits until it has exited and its output is drained.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        ChildProcessRegistry.KillTree(_process);
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        ChildProcessRegistry.Unregister(Id);
        WriteLog($"=== {DateTimeOffset.UtcNow:O} pid {Id} exited with {_process.ExitCode.ToString(CultureInfo.InvariantCulture)}");
        lock (_logLock)
        {
            _logClosed = true;
            _log.Dispose();
        }

        _process.Dispose();
    }

    /// <summary>
    /// A bare name (<c>node</c>) resolved on PATH here, so that a missing node is the clear start error below rather
    /// than a message from <c>setsid</c> in the server's log.
    /// </summary>
    private static string ResolveExecutable(string executable)
    {
        if (executable.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || TetheredLaunch.SetsidPath is null) return executable;
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            $"node and npm are required for the embedded replica server (tools/replica): '{executable}' is not on PATH.");
    }

    private async Task WaitUntilAnsweringAsync(int port, TimeSpan startTimeout, string dataDirectory, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var root = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var started = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"pouchdb-server on port {port} exited during start-up (code {_process.ExitCode}). Log tail:{Environment.NewLine}{ReadLogTail(dataDirectory)}");
            }

            try
            {
                using var response = await http.GetAsync(root, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (started.Elapsed > startTimeout)
            {
                throw new TimeoutException(
                    $"pouchdb-server on port {port} did not answer within {startTimeout}. Log tail:{Environment.NewLine}{ReadLogTail(dataDirectory)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    private void WriteLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// The config file pouchdb-server backs <c>/_config</c> with. Written once, so a restart keeps the server uuid it
    /// adds; the log goes into the data directory (the default is ./log.txt) at warning level, because logging every
    /// request costs throughput.
    /// </summary>
    private static void WriteConfigIfMissing(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, ConfigFileName);
        if (File.Exists(path))
        {
            return;
        }

        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartObject("log");
        writer.WriteString("file", Path.Combine(dataDirectory, ServerLogFileName));
        writer.WriteString("level", "warning");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string ReadLogTail(string dataDirectory)
    {
        try
        {
            using var stream = new FileStream(Path.Combine(dataDirectory, ProcessLogFileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(20));
        }
        catch (IOException exception)
        {
            return $"(log unreadable: {exception.Message})";
        }
    }
}
