namespace Convergence.Cli;

/// <summary>Entry point of the <c>convergence</c> command.</summary>
public static class Program
{
    public static int Main(string[] args) => CliApp.Create().Run(args);
}
