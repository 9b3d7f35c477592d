using Convergence.Domain.Events;
using Convergence.Domain.Envelope;
using Convergence.Domain.Modules;
using Convergence.Domain.Identity;
using Convergence.Domain.Social;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;
using Convergence.Properties.Tests.Simulation;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Scenarios;
using Xunit;

namespace Convergence.Properties.Tests.Invariants;

/// <summary>
/// The per-key form of an eventual invariant only makes measuring it cheap: it must find what the view form
/// finds, and a per-key form that does not is reported as untrustworthy instead of silently believed.
/// </summary>
public sealed class KeyedInvariantTests
{
    [Theory]
    [InlineData("partition", 42UL)]
    [InlineData("swarm", 3UL)]
    [InlineData("crash", 5UL)]
    public void PerKeyForm_OfOneAccountPerEmail_MeasuresWhatTheViewFormMeasures(string name, ulong seed)
    {
        var scenario = ScenarioCatalog.Create(name, seed, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(30)));
        var record = SimulationRuns.Run(scenario).Record;

        var keyed = Assert.Single(EventualInvariantCheck.Measure(record));
        var byViews = Assert.Single(EventualInvariantCheck.Measure(WithDomain(record, new DomainCatalog(new WithoutKeys(new SocialNetworkModule())))));

        Assert.Null(keyed.Disagreement);
        Assert.Equal(byViews.Violations, keyed.Violations);
    }

    [Fact]
    public void PerKeyForm_ThatMissesTheKeysAnEventTouches_IsReportedAsDisagreeing()
    {
        var scenario = ScenarioCatalog.Create("partition", 42, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(40)));
        var blind = new DomainCatalog(new BlindKeys(new SocialNetworkModule()));

        var outcome = SimulationRuns.Run(scenario, blind);

        var verdict = Assert.Single(outcome.Checks.Laws, l => l.Law == "EI");
        Assert.False(verdict.Passed);
        Assert.Contains("per-key form disagrees with its view form", verdict.Detail);
    }

    private static Simulator.Runs.RunRecord WithDomain(Simulator.Runs.RunRecord record, DomainCatalog catalog) =>
        SimulationRuns.Run(record.Scenario, catalog).Record;

    /// <summary>The social module with its invariant stripped of the per-key form: measured on views only.</summary>
    private sealed class WithoutKeys(SocialNetworkModule inner) : Delegating(inner)
    {
        public override IReadOnlyList<EventualInvariant> EventualInvariants { get; } =
            inner.EventualInvariants.Select(i => i with { Keys = null }).ToArray();
    }

    /// <summary>A wrong per-key form: it says no event touches any key, so it never sees a violation.</summary>
    private sealed class BlindKeys(SocialNetworkModule inner) : Delegating(inner)
    {
        public override IReadOnlyList<EventualInvariant> EventualInvariants { get; } =
            inner.EventualInvariants.Select(i => i with { Keys = i.Keys! with { Touched = (_, _) => [] } }).ToArray();
    }

    private abstract class Delegating(SocialNetworkModule inner) : DomainModule
    {
        public override string Name => inner.Name;
        public override IReadOnlyList<EventTypeRegistration> EventTypes => inner.EventTypes;
        public override ModuleProjection CreateProjection() => inner.CreateProjection();
        public override IReadOnlyList<ClientAction> ClientActions => inner.ClientActions;
        public override bool HasSpec => inner.HasSpec;
        public override void DescribeSpec(IReadOnlyCollection<EventEnvelope> events, ViewContext context, ViewBuilder view) => inner.DescribeSpec(events, context, view);
        public override Func<UserId, UserId> SpecIdentity(IReadOnlyCollection<EventEnvelope> events) => inner.SpecIdentity(events);
        public override IEnumerable<string> EntitiesOf(DomainEvent payload) => inner.EntitiesOf(payload);
    }
}
