using Convergence.Domain.Modules;
using Convergence.Properties.Tests.Generators;
using Convergence.Samples.BadPins;
using Convergence.Samples.CheckIns;
using Convergence.Simulator.Certification;

namespace Convergence.Properties.Tests.Certification;

/// <summary>The designer's check: the matrix passes for convergent handlers and rejects bad ones with a small case.</summary>
public sealed class HandlerCertificationTests
{
    private static readonly CertificationOptions Options = new() { Histories = 150, Seed = 7 };

    private static string Explain(CertificationReport report) =>
        string.Join("\n", report.Counterexamples.Select(c => c.Describe())) + "\nuncovered: " +
        string.Join("; ", report.UncoveredPairs);

    [Fact]
    public void Social_network_handlers_pass_every_law_with_both_orders_of_every_racing_pair()
    {
        var report = HandlerCertification.Run(Catalogs.Convergent, Options);

        Assert.True(report.Passed, Explain(report));
        Assert.Equal(14, report.Types.Count);
        Assert.All(report.Types, t => Assert.True(report.Idempotence[t].Tested > 0, $"{t} never tested"));
        Assert.Contains(report.Coverage, c => c is { TypeA: "PostDeleted", TypeB: "CommentAdded", BothOrders: true });
    }

    [Fact]
    public void A_new_module_is_certified_against_every_existing_event_type()
    {
        var report = HandlerCertification.Run(Catalogs.Convergent.With(new CheckInModule()), Options);

        Assert.True(report.Passed, Explain(report));
        Assert.All(Catalogs.Convergent.EventTypes, t =>
            Assert.True(report.Commutativity.ContainsKey(("CheckedIn", t.ShortName)) || report.Commutativity.ContainsKey((t.ShortName, "CheckedIn")),
                $"CheckedIn never paired with {t.ShortName}"));
        Assert.Contains(report.Coverage, c => c is { TypeA: "UserRegistered", TypeB: "CheckedIn", BothOrders: true });
    }

    [Fact]
    public void The_known_bad_pin_handler_is_rejected_with_a_counterexample_of_at_most_four_events()
    {
        var report = HandlerCertification.Run(Catalogs.Convergent.With(new BadPinModule()), Options);

        Assert.False(report.Passed);
        var failures = report.Commutativity.Where(c => !c.Value.Passed).ToArray();
        Assert.Contains(failures, f => f.Key is ("PostPinned", "PostUnpinned"));
        var counterexample = failures.Select(f => f.Value.Counterexample!).MinBy(c => c.EventCount)!;
        Assert.InRange(counterexample.EventCount, 2, 4);
        var text = counterexample.Describe();
        Assert.Contains("commutativity falsified", text);
        Assert.Contains("pinned/", text);
        Assert.DoesNotContain(report.Commutativity, c => !c.Value.Passed && !c.Key.Item1.Contains("Pin") && !c.Key.Item2.Contains("Pin"));
    }

    [Fact]
    public void The_naive_social_handlers_fail_commutativity_and_spec_agreement()
    {
        var report = HandlerCertification.Run(Catalogs.Naive, Options with { Histories = 60 });

        Assert.Contains(report.Commutativity, c => !c.Value.Passed);
        Assert.Contains(report.SpecAgreement, c => !c.Value.Passed);
        Assert.True(report.Counterexamples.Min(c => c.EventCount) <= 4, Explain(report));
    }

    [Fact]
    public void A_generator_that_never_races_a_pair_fails_the_order_coverage()
    {
        // The check-in module without its client action: CheckedIn is never generated, so nothing
        // about it was exercised and the check must not pass.
        var silent = new SilentCheckIns();
        var report = HandlerCertification.Run(Catalogs.Convergent.With(silent), Options with { Histories = 20 });

        Assert.False(report.Passed);
        Assert.Contains(report.UncoveredPairs, c => c.TypeA == "CheckedIn");
    }

    private sealed class SilentCheckIns : DomainModule
    {
        private readonly CheckInModule _inner = new();
        public override string Name => _inner.Name;
        public override IReadOnlyList<EventTypeRegistration> EventTypes => _inner.EventTypes;
        public override ModuleProjection CreateProjection() => _inner.CreateProjection();
        public override IReadOnlyList<Convergence.Domain.Workload.ClientAction> ClientActions => [];
        public override IEnumerable<string> EntitiesOf(Convergence.Domain.Events.DomainEvent payload) => _inner.EntitiesOf(payload);
    }
}
