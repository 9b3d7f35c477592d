using System.Runtime.InteropServices;
using Convergence.Cluster.Replicas;
using Spectre.Console;

namespace Convergence.Cli;

/// <summary>Entry point of the <c>convergence</c> command.</summary>
public static class Program
{
    private const int RedirectedWidth = 250;

    public static int Main(string[] args)
    {
        // The first Ctrl+C (SIGINT) or SIGTERM cancels the run through its token, so commands stop what they started
        // and write what they have; a second one exits at once (the replica registry kills the children on exit).
        using var cancellation = new CancellationTokenSource();
        var signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref signals) == 1)
            {
                Console.Error.WriteLine("stopping: replicas and proxies are being stopped, the partial report written (again to exit at once)");
                cancellation.Cancel();
            }
            else
            {
                Environment.Exit(ExitCodes.Cancelled);
            }
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        ReplicaSignalHandling.LeaveToHost();
        // Piped into a log there is no terminal width: Spectre would wrap at 80 columns, splitting one-line errors and
        // progress lines; a log reader scrolls sideways instead.
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected) console.Profile.Width = RedirectedWidth;
        return CliApp.Create(console).Run(args, cancellation.Token);
    }
}
