namespace Convergence.Simulator.Checks;

/// <summary>The verdict of a run: its status, every law's outcome and, on a safety violation, the readable diff.</summary>
public sealed record CheckReport(RunStatus Status, IReadOnlyList<LawVerdict> Laws, IReadOnlyList<RegionLoss> Losses)
{
    /// <summary>The details of the failed laws, one block each; empty when converged.</summary>
    public string Counterexample => string.Join("\n\n", Laws.Where(l => !l.Passed).Select(l => $"{l.Law} {l.Title}: {l.Detail}"));
}
