using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Modules;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Chaos.Tests.Live;

/// <summary>A module whose handler throws on every delivery: the live engine must report it as law L4, not hang.</summary>
public sealed class ThrowingModule : DomainModule
{
    private static readonly ClientAction[] Actions = [new("poke", 1, _ => new Poked())];

    public override string Name => "throwing";

    public override IReadOnlyList<EventTypeRegistration> EventTypes { get; } = [EventTypeRegistration.Of<Poked>()];

    public override ModuleProjection CreateProjection() => new Projection();

    public override IReadOnlyList<ClientAction> ClientActions => Actions;

    public override IEnumerable<string> EntitiesOf(DomainEvent payload) => [];

    /// <summary>The module's only event.</summary>
    [EventType("v1.TestPoked")]
    public sealed record Poked : DomainEvent;

    private sealed class Projection : ModuleProjection
    {
        public override void Apply(EventEnvelope envelope) => throw new InvalidOperationException("poke handler failed");

        public override void Describe(ViewContext context, ViewBuilder view)
        {
        }

        public override ModuleProjection Clone() => new Projection();
    }
}
