using Convergence.Domain.Modules;

namespace Convergence.Simulator.Certification;

/// <summary>
/// The verdict of one law for one event type, or for one pair of types: how many cases were tried,
/// and the shrunk counterexample at the view level and (for laws judged at both levels) at the state level.
/// </summary>
public sealed record LawCell(int Tested, LawCounterexample? Counterexample, LawCounterexample? StateCounterexample = null)
{
    public bool Passed => Counterexample is null && StateCounterexample is null;

    public static LawCell Untested { get; } = new(0, null);

    public IEnumerable<LawCounterexample> Counterexamples => new[] { Counterexample, StateCounterexample }.OfType<LawCounterexample>();
}

/// <summary>Whether a pair of event types that touch the same kind of entity was delivered in both orders.</summary>
public sealed record OrderCoverage(string TypeA, string TypeB, int ABeforeB, int BBeforeA)
{
    public bool BothOrders => ABeforeB > 0 && BBeforeA > 0;

    public override string ToString() => $"{TypeA} × {TypeB}: {ABeforeB} times first, {BBeforeA} times second";
}

/// <summary>
/// The law-by-law verdict for a set of handlers: a commutativity matrix over every pair of event
/// types, idempotence, no-throw and spec agreement per type, and order coverage.
/// </summary>
public sealed class CertificationReport
{
    public CertificationReport(DomainCatalog catalog, IReadOnlyList<string> types,
        IReadOnlyDictionary<(string A, string B), LawCell> commutativity, IReadOnlyDictionary<string, LawCell> idempotence,
        IReadOnlyDictionary<string, LawCell> noThrow, IReadOnlyDictionary<string, LawCell> specAgreement,
        IReadOnlyList<OrderCoverage> coverage, int histories)
    {
        Catalog = catalog;
        Types = types;
        Commutativity = commutativity;
        Idempotence = idempotence;
        NoThrow = noThrow;
        SpecAgreement = specAgreement;
        Coverage = coverage;
        Histories = histories;
    }

    public DomainCatalog Catalog { get; }

    /// <summary>The short names of every event type, in registration order.</summary>
    public IReadOnlyList<string> Types { get; }

    /// <summary>One cell per unordered pair, keyed with the earlier-registered type first.</summary>
    public IReadOnlyDictionary<(string A, string B), LawCell> Commutativity { get; }

    public IReadOnlyDictionary<string, LawCell> Idempotence { get; }

    public IReadOnlyDictionary<string, LawCell> NoThrow { get; }

    /// <summary>Only for types of modules that state a spec.</summary>
    public IReadOnlyDictionary<string, LawCell> SpecAgreement { get; }

    public IReadOnlyList<OrderCoverage> Coverage { get; }

    public int Histories { get; }

    public IEnumerable<OrderCoverage> UncoveredPairs => Coverage.Where(c => !c.BothOrders);

    public IEnumerable<LawCounterexample> Counterexamples =>
        Commutativity.Values.Concat(Idempotence.Values).Concat(NoThrow.Values).Concat(SpecAgreement.Values)
            .SelectMany(c => c.Counterexamples);

    public bool Passed => !Counterexamples.Any() && !UncoveredPairs.Any();
}
