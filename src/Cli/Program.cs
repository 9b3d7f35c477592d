using Convergence.Cli.Lifetime;
using Convergence.Cluster.Replicas;
using Spectre.Console;

namespace Convergence.Cli;

/// <summary>Entry point of the <c>convergence</c> command.</summary>
public static class Program
{
    private const int RedirectedWidth = 250;

    public static int Main(string[] args)
    {
        // The first signal (Ctrl+C, SIGTERM, a hang-up, Ctrl+\) cancels the run through its token, so commands stop what they
        // started and write what they have; a second one exits at once. Replicas are this host's to stop, in order.
        var scratch = new ScratchFolders();
        using var signals = new InterruptSignals(scratch, InterruptSignals.StoppingNoticeFor(args));
        ReplicaSignalHandling.LeaveToHost();
        // Every exit that runs code removes the scratch: the replicas first, as they hold files in it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            ReplicaSignalHandling.StopAllNow();
            scratch.DeleteAll();
        };
        // Piped into a log there is no terminal width: Spectre would wrap at 80 columns, splitting one-line errors and
        // progress lines; a log reader scrolls sideways instead.
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected) console.Profile.Width = RedirectedWidth;
        var result = CliApp.Create(console, scratch: scratch).Run(args, signals.Token);
        return signals.ExitCodeFor(result);
    }
}
