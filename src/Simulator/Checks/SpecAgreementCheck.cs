using Convergence.Domain.Projection;
using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Checks;

/// <summary>L3 spec agreement: each region's view, restricted to the modules that state a spec, equals <c>Spec(events)</c>.</summary>
public static class SpecAgreementCheck
{
    public static LawVerdict Check(RunRecord run)
    {
        var covered = Spec.CoveredModules(run.Catalog);
        if (covered.Count == 0) return new LawVerdict("L3", "spec agreement", true, "no module states a spec");
        var expected = Spec.Of(run.Catalog, run.Envelopes);
        foreach (var region in run.Regions)
        {
            var actual = region.View.OnlyModules(covered);
            if (actual.Equals(expected)) continue;
            var diff = actual.DiffTo(expected);
            return new LawVerdict("L3", "spec agreement", false,
                $"region {region.Region} (A) differs from the spec (B) in {diff.Differences.Count} entries:\n{diff.Describe()}");
        }
        return new LawVerdict("L3", "spec agreement", true,
            $"every region equals the spec of {run.EventCount} events over {string.Join(", ", covered.Order(StringComparer.Ordinal))}");
    }
}
