using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Modules;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Benchmarks.Simulation;

/// <summary>
/// A deliberately cheap module (64 counters, one add per event) so the benchmark measures the
/// engine, not a domain: the social network's clients scan their region's users on sign-up, which
/// grows with the run and would dominate an hour at 500 events/s. Not idempotent: benchmark
/// scenarios do not crash projectors, and every log deduplicates.
/// </summary>
public sealed class CounterModule : DomainModule
{
    private const int Keys = 64;

    private static readonly ClientAction[] Actions = [new("add", 1, c => new CounterAdded(c.Random.Next(Keys), 1))];

    public override string Name => "counter";

    public override IReadOnlyList<EventTypeRegistration> EventTypes { get; } = [EventTypeRegistration.Of<CounterAdded>()];

    public override ModuleProjection CreateProjection() => new Projection();

    public override IReadOnlyList<ClientAction> ClientActions => Actions;

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => payload is CounterAdded e ? [$"counter:{e.Key}"] : [];

    private sealed class Projection : ModuleProjection
    {
        private long[] _sums = new long[Keys];

        public override void Apply(EventEnvelope envelope)
        {
            if (envelope.Payload is CounterAdded e) _sums[e.Key] += e.Amount;
        }

        public override void Describe(ViewContext context, ViewBuilder view)
        {
            for (var k = 0; k < Keys; k++) view.Add([k], _sums[k]);
        }

        public override ModuleProjection Clone() => new Projection { _sums = (long[])_sums.Clone() };
    }
}
