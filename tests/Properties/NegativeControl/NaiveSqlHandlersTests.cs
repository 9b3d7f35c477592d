using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Laws;
using Convergence.Properties.Tests.Stores;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Properties.Tests.NegativeControl;

/// <summary>The laws on the SQL store must reject the seed's rules written in SQL, with a small readable counterexample.</summary>
public sealed class NaiveSqlHandlersTests
{
    private static Arbitrary<DeliveryCase> NaiveSqlCases() =>
        Arb.From(HistoryArbitraries.TwoOrdersGen(Catalogs.Naive).Select(c => c.On(Catalogs.NaiveSql)), c => c.ShrinkCandidates());

    [Fact]
    public void Order_independence_check_finds_a_small_readable_counterexample_for_the_naive_sql_handlers()
    {
        DeliveryCase? smallest = null;
        var property = Prop.ForAll(NaiveSqlCases(), c =>
        {
            var holds = LawChecks.OrderIndependence(c);
            if (!c.ViewA().Equals(c.ViewB()) && (smallest is null || c.History.Count <= smallest.History.Count)) smallest = c;
            return holds;
        });

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property));

        Assert.NotNull(smallest);
        Assert.Equal("sqlite", smallest.History.Catalog.Store.Name);
        Assert.InRange(smallest.History.Count, 1, 4);
        Assert.Contains("L1 order independence", failure.Message);
        Assert.Contains("order A:", failure.Message);
        Assert.Contains("diff (", failure.Message);
    }

    [Fact]
    public void Spec_agreement_check_rejects_the_naive_sql_handlers()
    {
        var property = Prop.ForAll(NaiveSqlCases(), LawChecks.SpecAgreement);

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property));

        Assert.Contains("L3 spec agreement", failure.Message);
    }

    [Fact]
    public void Memory_and_sql_equality_tells_the_naive_sql_handlers_from_the_convergent_ones()
    {
        var differs = Enumerable.Range(0, 200)
            .Select(seed => HistoryGenerator.Generate(Catalogs.Naive, new HistoryOptions { Regions = 3, Actions = 30 }, (ulong)seed))
            .Any(h =>
            {
                var order = HistoryArbitraries.Permutation(h.Count, 7);
                var convergent = Domain.Projection.ReadModel.FromDeliveries(Catalogs.Convergent, h.InOrder(order)).ToView();
                var naive = Domain.Projection.ReadModel.FromDeliveries(Catalogs.NaiveSql, h.InOrder(order)).ToView();
                return !convergent.Equals(naive);
            });

        Assert.True(differs);
    }
}
