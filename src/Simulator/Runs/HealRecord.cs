namespace Convergence.Simulator.Runs;

/// <summary>A network heal: one fault's window closed, or the heal of everything that starts the liveness phase.</summary>
public sealed record HealRecord(long AtUs, string What, bool IsFinal);
