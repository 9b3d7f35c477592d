using System.Runtime.InteropServices;
using Convergence.Cluster.Replicas;

namespace Convergence.Cli.Lifetime;

/// <summary>
/// SIGINT, SIGTERM, SIGHUP and SIGQUIT, handled alike: the first cancels the run through its token, so the command reads
/// what it needs, stops what it started and writes what it has; a second exits at once, after killing the replicas and
/// removing the scratch folders. The process's exit code is then 128 + the signal's number, as shells report it.
/// </summary>
public sealed class InterruptSignals : IDisposable
{
    private static readonly (PosixSignal Signal, int Number)[] Handled =
    [
        (PosixSignal.SIGHUP, 1), (PosixSignal.SIGINT, 2), (PosixSignal.SIGQUIT, 3), (PosixSignal.SIGTERM, 15),
    ];

    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly ScratchFolders _scratch;
    private readonly string _stoppingNotice;
    private int _received;
    private int _firstNumber;

    /// <param name="scratch">Removed before a second signal exits the process.</param>
    /// <param name="stoppingNotice">The line printed on stderr at the first signal: what stopping means for this command.</param>
    public InterruptSignals(ScratchFolders scratch, string stoppingNotice)
    {
        _scratch = scratch;
        _stoppingNotice = stoppingNotice;
        foreach (var (signal, number) in Handled)
            _registrations.Add(PosixSignalRegistration.Create(signal, context => OnSignal(context, number)));
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The number of the first signal received (1 SIGHUP, 2 SIGINT, 3 SIGQUIT, 15 SIGTERM), or null.</summary>
    public int? FirstSignal => Volatile.Read(ref _received) > 0 ? Volatile.Read(ref _firstNumber) : null;

    /// <summary>
    /// The process's exit code for a command's result: a run the signal interrupted (which returns
    /// <see cref="ExitCodes.Cancelled"/>) exits with 128 + the signal's number; anything else keeps its code.
    /// </summary>
    public int ExitCodeFor(int commandResult) =>
        commandResult == ExitCodes.Cancelled && FirstSignal is { } number ? 128 + number : commandResult;

    /// <summary>The line a command prints at the first signal, naming only what that command has to stop.</summary>
    public static string StoppingNoticeFor(IReadOnlyList<string> args) => (args.Count > 0 ? args[0] : "") switch
    {
        "chaos" => "stopping: reading the regions, then stopping replicas and proxies and writing the partial report (again to exit at once)",
        "simulate" => "stopping: writing the partial report (again to exit at once)",
        _ => "stopping (again to exit at once)",
    };

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context, int number)
    {
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref _firstNumber, number, 0) == 0)
        {
            Volatile.Write(ref _received, 1);
            try
            {
                Console.Error.WriteLine(_stoppingNotice);
            }
            catch (IOException)
            {
                // The terminal is gone (a hang-up): the run still stops and writes its report.
            }
            _cancellation.Cancel();
            return;
        }

        ReplicaSignalHandling.StopAllNow();
        _scratch.DeleteAll();
        Environment.Exit(128 + number);
    }
}
