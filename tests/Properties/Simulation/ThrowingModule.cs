using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Modules;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>One tick of the <see cref="ThrowingModule"/>.</summary>
[EventType("v1.TestTicked")]
public sealed record Ticked(int N) : DomainEvent;

/// <summary>A module whose handler throws on its tenth delivery in a region: law L4 must catch it.</summary>
internal sealed class ThrowingModule : DomainModule
{
    public override string Name => "ticks";

    public override IReadOnlyList<EventTypeRegistration> EventTypes { get; } = [EventTypeRegistration.Of<Ticked>()];

    public override ModuleProjection CreateProjection() => new Projection();

    public override IReadOnlyList<ClientAction> ClientActions { get; } = [new("tick", 1, c => new Ticked(c.Random.Next(100)))];

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => [];

    private sealed class Projection : ModuleProjection
    {
        private int _seen;

        public override void Apply(EventEnvelope envelope)
        {
            if (++_seen == 10) throw new InvalidOperationException($"tick handler broke on {envelope.Id}");
        }

        public override void Describe(ViewContext context, ViewBuilder view) => view.Add(["seen"], _seen);

        public override ModuleProjection Clone() => new Projection { _seen = _seen };
    }
}
