using Convergence.Domain.Views;
using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Laws;
using Convergence.Simulator.Certification;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Properties.Tests.NegativeControl;

/// <summary>
/// The state level is a law of its own: a module whose hidden state depends on arrival order while
/// its view does not passes every view-level check and must be caught at the state level.
/// </summary>
public sealed class ComparisonLevelTests
{
    private static Arbitrary<DeliveryCase> HiddenStateCases => Arb.From(HistoryArbitraries.TwoOrdersGen(Catalogs.HiddenState), c => c.ShrinkCandidates());

    [Fact]
    public void View_level_alone_passes_a_module_whose_hidden_state_diverges()
    {
        var property = Prop.ForAll(HiddenStateCases, c => LawChecks.OrderIndependence(c, ComparisonLevel.View));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Fact]
    public void State_level_catches_a_module_whose_hidden_state_diverges_with_a_readable_counterexample()
    {
        var property = Prop.ForAll(HiddenStateCases, c => LawChecks.OrderIndependence(c, ComparisonLevel.State));

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property));

        Assert.Contains("L1 order independence (State)", failure.Message);
        Assert.Contains("diff (state)", failure.Message);
        Assert.Contains("labels/current/", failure.Message);
    }

    [Fact]
    public void Certification_marks_the_hidden_state_module_at_the_state_level_only()
    {
        var report = HandlerCertification.Run(Catalogs.HiddenState, new CertificationOptions { Histories = 120, Seed = 3 });

        var cell = report.Commutativity[("PostLabelled", "PostLabelled")];
        Assert.Null(cell.Counterexample);
        Assert.NotNull(cell.StateCounterexample);
        Assert.Contains("commutativity (state level)", cell.StateCounterexample!.Describe());
        Assert.Contains("labels/current/", cell.StateCounterexample.Describe());
        Assert.InRange(cell.StateCounterexample.EventCount, 2, 4);
        Assert.False(report.Passed);
    }
}
