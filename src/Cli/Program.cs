using System.Runtime.InteropServices;
using Convergence.Cluster.Replicas;

namespace Convergence.Cli;

/// <summary>Entry point of the <c>convergence</c> command.</summary>
public static class Program
{
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
        return CliApp.Create().Run(args, cancellation.Token);
    }
}
