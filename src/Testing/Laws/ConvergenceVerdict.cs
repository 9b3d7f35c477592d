using System.Text;
using Convergence.Domain.Modules;
using Convergence.Simulator.Certification;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Scenarios;

namespace Convergence.Testing.Laws;

/// <summary>
/// What <see cref="ConvergenceLaws"/> found: the handler certification's report and, when the domain declares
/// eventual invariants, the simulated run that timed them — the two halves of <c>convergence check</c>.
/// </summary>
public sealed record ConvergenceVerdict(DomainCatalog Domain, CertificationReport Certification, RunOutcome? InvariantRun, ConvergenceLawOptions Options)
{
    /// <summary>The eventual-invariant verdicts of <see cref="InvariantRun"/>; empty when the domain declares none.</summary>
    public IReadOnlyList<LawVerdict> Invariants =>
        InvariantRun?.Checks.Laws.Where(l => l.Law == "EI").ToArray() ?? [];

    public bool Passed => Certification.Passed && Invariants.All(i => i.Passed);

    /// <summary>The verdict line, every shrunk counterexample (smallest first), unexercised pairs, invariants over their bound, and the replay command.</summary>
    public string Describe()
    {
        var failures = Certification.Counterexamples.OrderBy(c => c.EventCount).ToArray();
        var uncovered = Certification.UncoveredPairs.ToArray();
        var invariantsOver = Invariants.Where(i => !i.Passed).ToArray();
        var text = new StringBuilder();
        text.Append("convergence laws ").Append(Passed ? "hold" : "FAILED").Append(" for ").Append(Domain)
            .Append(": ").Append(failures.Length).Append(" law failures, ")
            .Append(uncovered.Length).Append(" pairs not exercised in both orders, ")
            .Append(invariantsOver.Length).Append(" eventual invariants over their bound (")
            .Append(Certification.Histories).Append(" delivery orders of ").Append(Options.Certification.Histories)
            .Append(" generated histories, seed ").Append(Options.Certification.Seed).Append(")\n");
        foreach (var counterexample in failures) text.Append('\n').Append(counterexample.Describe()).Append('\n');
        foreach (var pair in uncovered) text.Append("\nnot exercised in both orders: ").Append(pair);
        if (uncovered.Length > 0) text.Append('\n');
        foreach (var invariant in invariantsOver)
            text.Append("\neventual invariant ").Append(invariant.Title).Append(" over its bound in a simulated ")
                .Append(InvariantRun!.Record.Scenario.Name).Append(" run: ").Append(invariant.Detail).Append('\n');
        text.Append("\nreplay: convergence check --module <your module> --histories ").Append(Options.Certification.Histories)
            .Append(" --seed ").Append(Options.Certification.Seed).Append(" --scenario ").Append(Options.InvariantScenario)
            .Append(string.Concat(Options.InvariantBounds.OrderBy(b => b.Key, StringComparer.Ordinal)
                .Select(b => $" --bound {b.Key}={DurationText.Format(b.Value)}")));
        return text.ToString();
    }

    public override string ToString() => Describe();
}
