using System.Text;
using Convergence.Domain.Envelope;
using Convergence.Domain.Views;

namespace Convergence.Simulator.Certification;

/// <summary>
/// A shrunk failure of one handler law: the state it starts from (the events that built it), the
/// two sequences applied to it, and how the results differ (or what was thrown).
/// </summary>
public sealed record LawCounterexample(
    string Law,
    IReadOnlyList<EventEnvelope> State,
    IReadOnlyList<EventEnvelope> SequenceA,
    IReadOnlyList<EventEnvelope> SequenceB,
    string Outcome,
    int Shrinks)
{
    /// <summary>Every event involved, state included.</summary>
    public int EventCount => State.Concat(SequenceA).Concat(SequenceB).DistinctBy(e => e.Id).Count();

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Law).Append(" falsified (").Append(EventCount).Append(" events, ").Append(Shrinks).Append(" shrinks)\n");
        text.Append("  state:  ").Append(State.Count == 0 ? "(empty)" : string.Join("; ", State)).Append('\n');
        text.Append("  A:      ").Append(string.Join(", then ", SequenceA)).Append('\n');
        text.Append("  B:      ").Append(string.Join(", then ", SequenceB)).Append('\n');
        text.Append("  result: ").Append(Outcome.Replace("\n", "\n          "));
        return text.ToString();
    }

    public override string ToString() => Describe();

    internal static string DiffOutcome(ReadModelView a, ReadModelView b) => a.DiffTo(b).Describe(6);
}
