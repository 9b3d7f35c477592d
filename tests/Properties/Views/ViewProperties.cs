using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Histories;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Views;

/// <summary>The digest and the diff agree: equal digests exactly when the diff is empty.</summary>
[Properties(Arbitrary = [typeof(HistoryArbitraries)], MaxTest = 100)]
public sealed class ViewProperties
{
    [Property]
    public Property Digests_are_equal_exactly_when_the_diff_is_empty(PartialDelivery p)
    {
        var full = Laws.LawChecks.ViewOf(p.Case.History, Enumerable.Range(0, p.Case.History.Count));
        var partial = Laws.LawChecks.ViewOf(p.Case.History, p.Case.OrderA);
        return ((full.Digest == partial.Digest) == full.DiffTo(partial).IsEmpty)
            .Classify(full.Digest == partial.Digest, "same state");
    }
}
