using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;
using Convergence.Domain.Views;

namespace Convergence.Domain.Modules;

/// <summary>
/// A module's part of one region's read model, folded from that region's events in whatever order
/// they arrive. Handlers are deterministic and free of I/O; state is mutable for speed (millions of
/// events per second) but never shared: <see cref="Clone"/> takes a snapshot for checkpoints.
/// </summary>
public abstract class ModuleProjection
{
    /// <summary>Folds one event of this module's types into the state.</summary>
    public abstract void Apply(EventEnvelope envelope);

    /// <summary>Writes the visible state as canonical view entries.</summary>
    public abstract void Describe(ViewContext context, ViewBuilder view);

    /// <summary>
    /// Writes everything that decides this projection's future behaviour — stamps, tombstones,
    /// sets, merge groups, and the answers to the queries its region's clients use (arrival-order
    /// lists as sets) — canonically, so two regions can be compared on what they will do next, not
    /// only on what they show. Everything written must be a function of the event set. Defaults to
    /// the view, which is right only for a projection that keeps nothing it does not show.
    /// </summary>
    public virtual void DescribeState(ViewBuilder state) => Describe(ViewContext.Identity, state);

    /// <summary>An independent copy of the state.</summary>
    public abstract ModuleProjection Clone();

    /// <summary>
    /// Where this module decides which account a user id belongs to (account merges), the mapping
    /// to the surviving account; null when the module has no say in identities.
    /// </summary>
    public virtual Func<UserId, UserId>? Identity() => null;
}
