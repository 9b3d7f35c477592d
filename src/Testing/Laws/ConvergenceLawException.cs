using Convergence.Simulator.Certification;
using Convergence.Simulator.Engine;

namespace Convergence.Testing.Laws;

/// <summary>
/// Thrown by <see cref="ConvergenceLaws"/> and <see cref="Scenarios.ConvergenceScenario"/> when a law fails: any test
/// framework reports it as a failed test, with the shrunk counterexample and the replay command as its message.
/// </summary>
public sealed class ConvergenceLawException : Exception
{
    public ConvergenceLawException(string message, CertificationReport? certification = null, RunOutcome? run = null)
        : base(message)
    {
        Certification = certification;
        Run = run;
    }

    /// <summary>The handler certification that failed, when the failure came from one.</summary>
    public CertificationReport? Certification { get; }

    /// <summary>The simulated run that failed, when the failure came from one.</summary>
    public RunOutcome? Run { get; }
}
