namespace Convergence.Cli;

/// <summary>The exit codes every command shares.</summary>
public static class ExitCodes
{
    /// <summary>The run converged: every law held.</summary>
    public const int Converged = 0;

    /// <summary>A law failed; the counterexample was printed.</summary>
    public const int LawFailed = 1;

    /// <summary>Bad input: one clear line was printed.</summary>
    public const int BadArguments = 2;

    /// <summary>The harness itself failed (a bug, or its cluster broke down): not a verdict on the system under test.</summary>
    public const int InternalError = 3;

    /// <summary>Cancelled by the user (Ctrl+C), as shells report SIGINT; the process exits 128+n for signal n (InterruptSignals).</summary>
    public const int Cancelled = 130;
}
