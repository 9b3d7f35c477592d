using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Stores;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;

namespace Convergence.Domain.Modules;

/// <summary>
/// The one extension point: a module registers its event types, its handlers (the projection), how
/// clients generate its events from what a region sees, and optionally its part of the
/// specification. Every law, both engines and the CLI pick up a registered module with no other edit.
/// </summary>
public abstract class DomainModule
{
    /// <summary>A short lower-case name; it prefixes every view path of this module.</summary>
    public abstract string Name { get; }

    public abstract IReadOnlyList<EventTypeRegistration> EventTypes { get; }

    public abstract ModuleProjection CreateProjection();

    /// <summary>The same handlers written in SQL, for the SQL store (<c>--store sqlite</c>); null when the module has none.</summary>
    public virtual SqlModule? Sql => null;

    /// <summary>The actions clients take with this module's events, with their relative weights.</summary>
    public abstract IReadOnlyList<ClientAction> ClientActions { get; }

    /// <summary>True when <see cref="DescribeSpec"/> states the expected view (law L3 checks it).</summary>
    public virtual bool HasSpec => false;

    /// <summary>
    /// The expected visible state as a declarative function of the event <em>set</em> (not a fold):
    /// the same view entries <see cref="ModuleProjection.Describe"/> writes.
    /// </summary>
    public virtual void DescribeSpec(IReadOnlyCollection<EventEnvelope> events, ViewContext context, ViewBuilder view)
    {
    }

    /// <summary>The account-merge mapping stated declaratively from the event set, if this module owns identities.</summary>
    public virtual Func<UserId, UserId>? SpecIdentity(IReadOnlyCollection<EventEnvelope> events) => null;

    /// <summary>
    /// The entities an event touches (e.g. <c>post:p1</c>): two event types that touch a common
    /// entity race, and the order-coverage check wants both of their delivery orders exercised.
    /// </summary>
    public abstract IEnumerable<string> EntitiesOf(DomainEvent payload);

    /// <summary>Invariants across regions that may hold only eventually; runs measure how long each violation lasts.</summary>
    public virtual IReadOnlyList<EventualInvariant> EventualInvariants => [];

    public override string ToString() => Name;
}
