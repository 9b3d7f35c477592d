using Convergence.Domain.Modules;
using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Laws;
using Convergence.Properties.Tests.NegativeControl;
using FsCheck;
using FsCheck.Fluent;

namespace Convergence.Properties.Tests.Wild;

/// <summary>
/// The wild generator finds what client-shaped histories cannot: a spec that trusts clients to
/// unlike only their own likes passes every client-shaped history and fails on wild ones.
/// </summary>
public sealed class WildGeneratorNegativeControlTests
{
    private static readonly DomainCatalog Trusting = new(new ClientTrustingSpecModule());

    [Fact]
    public void Client_shaped_histories_cannot_tell_a_client_trusting_spec_apart()
    {
        var property = Prop.ForAll(Arb.From(HistoryArbitraries.TwoOrdersGen(Trusting), c => c.ShrinkCandidates()), LawChecks.SpecAgreement);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
    }

    [Fact]
    public void Wild_histories_reject_a_client_trusting_spec_with_a_shrunk_counterexample()
    {
        var property = Prop.ForAll(Arb.From(HistoryArbitraries.TwoOrdersGen(Trusting, wild: true), c => c.ShrinkCandidates()), LawChecks.SpecAgreement);

        var failure = Assert.ThrowsAny<Exception>(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property));

        Assert.Contains("L3 spec agreement", failure.Message);
        Assert.Contains("PostUnliked", failure.Message);
        Assert.Contains("/likes", failure.Message);
    }
}
