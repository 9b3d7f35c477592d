namespace Convergence.Simulator.Checks;

/// <summary>One law's outcome for a run, with a readable detail (the counterexample when it failed).</summary>
public sealed record LawVerdict(string Law, string Title, bool Passed, string Detail)
{
    public override string ToString() => $"{Law} {Title}: {(Passed ? "ok" : "FAILED")} — {Detail}";
}
