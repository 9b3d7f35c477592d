using Convergence.Domain.Envelope;
using Convergence.Domain.Projection;

namespace Convergence.Domain.Modules;

/// <summary>
/// The cheap, per-key form of an <see cref="EventualInvariant"/>, so that measuring it over a run costs in
/// proportion to what changed between two samples instead of rebuilding every region's view at each one.
/// It must agree with the view form: for any regions' models, a key is violated here exactly when the view
/// form lists it. The run check holds it to that at the end of every run (one full evaluation), so a keyed
/// form that drifts from its invariant is reported, never silently trusted.
/// </summary>
/// <param name="Touched">
/// Before <paramref name="Touched"/>'s event is folded into a region's model: every key whose status that
/// fold may change (e.g. the email a registration names, and the email its user held before).
/// </param>
/// <param name="IsViolated">Whether one key is violated given every region's model now.</param>
public sealed record InvariantKeys(
    Func<ReadModel, EventEnvelope, IEnumerable<string>> Touched,
    Func<IReadOnlyList<ReadModel>, string, bool> IsViolated);
