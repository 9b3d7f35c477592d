namespace Convergence.Cli;

/// <summary>Entry point of the <c>convergence</c> command.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        // Ctrl+C cancels the run through its token, so commands stop what they started before exiting.
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return CliApp.Create().Run(args, cancellation.Token);
    }
}
