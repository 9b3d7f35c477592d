namespace Convergence.Simulator.Engine;

/// <summary>
/// The cluster a run depends on failed — a replica unreachable past its timeouts, say — so the run
/// says nothing about the handlers under test. Engines throw it for their own breakdowns; the run
/// ends as <c>RunStatus.ClusterFailure</c>, never as a law violation.
/// </summary>
public sealed class ClusterFailureException(string message, Exception? innerException = null) : Exception(message, innerException);
