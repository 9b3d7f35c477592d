using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Laws;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Properties.Tests.NegativeControl;

/// <summary>A check that cannot fail proves nothing: the law checks must reject the seed's naive handlers.</summary>
public sealed class NaiveHandlersTests
{
    [Fact]
    public void Order_independence_check_finds_a_small_readable_counterexample_for_the_naive_handlers()
    {
        DeliveryCase? smallest = null;
        var property = Prop.ForAll(
            Arb.From(HistoryArbitraries.TwoOrdersGen(Catalogs.Naive), c => c.ShrinkCandidates()),
            c =>
            {
                var holds = LawChecks.OrderIndependence(c);
                if (!c.ViewA().Equals(c.ViewB()) && (smallest is null || c.History.Count <= smallest.History.Count)) smallest = c;
                return holds;
            });

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property));

        Assert.NotNull(smallest);
        Assert.InRange(smallest.History.Count, 1, 4);
        Assert.Contains("Falsifiable", failure.Message);
        Assert.Contains("L1 order independence", failure.Message);
        Assert.Contains("history:", failure.Message);
        Assert.Contains("order A:", failure.Message);
        Assert.Contains("order B:", failure.Message);
        Assert.Contains("diff (view):", failure.Message);
        Assert.True(failure.Message.Contains("only in") || failure.Message.Contains("| B"), failure.Message);
    }

    [Fact]
    public void Spec_agreement_check_rejects_the_naive_handlers()
    {
        var property = Prop.ForAll(
            Arb.From(HistoryArbitraries.TwoOrdersGen(Catalogs.Naive), c => c.ShrinkCandidates()), LawChecks.SpecAgreement);

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property));

        Assert.Contains("L3 spec agreement", failure.Message);
    }

    [Fact]
    public void Greedy_shrinking_reduces_a_naive_divergence_to_at_most_four_events()
    {
        var failing = Enumerable.Range(0, 500)
            .Select(seed => new DeliveryCase(
                HistoryGenerator.Generate(Catalogs.Naive, new HistoryOptions { Regions = 3, Actions = 30 }, (ulong)seed),
                HistoryArbitraries.Permutation(0, 0), []))
            .Select(c => c with
            {
                OrderA = HistoryArbitraries.Permutation(c.History.Count, 1),
                OrderB = HistoryArbitraries.Permutation(c.History.Count, 2),
            })
            .First(c => !c.ViewA().Equals(c.ViewB()));

        var (shrunk, steps) = Shrinker.Shrink(failing, c => c.ShrinkCandidates(), c => !c.ViewA().Equals(c.ViewB()));

        Assert.True(steps > 0);
        Assert.InRange(shrunk.History.Count, 1, 4);
        Assert.Contains("only in", shrunk.Describe());
    }
}
