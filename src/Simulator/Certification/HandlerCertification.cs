using Convergence.Domain.Envelope;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Domain.Views;
using Convergence.Domain.Workload;
using Convergence.Simulator.Histories;

namespace Convergence.Simulator.Certification;

/// <summary>
/// Certifies a set of handlers law by law on states reachable by generated histories: for every
/// pair of event types, applying a then b equals b then a; per type, applying twice equals once,
/// nothing throws, and the result agrees with the spec; and every pair of types that touch the
/// same kind of entity was actually delivered in both orders. Equality is judged at both
/// comparison levels (view and state); a quarter of the histories are wild (client-implausible
/// but well-formed events). Each failure is shrunk.
/// </summary>
public static class HandlerCertification
{
    public static CertificationReport Run(DomainCatalog catalog, CertificationOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var run = new Certifier(catalog, options);
        for (var h = 0; h < options.Histories; h++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var history = HistoryGenerator.Generate(catalog, new HistoryOptions
            {
                Regions = 2 + h % 3,
                Actions = options.Actions,
                MaxDeliveryBatch = 1 + h % 3,
                Swarm = h % 2 == 0,
                // Every fourth history is wild: real logs hold events no well-behaved client would send.
                Wild = h % 4 == 3,
                TrackCausalPast = false,
            }, options.Seed * 1_000_003UL + (ulong)h);
            var shuffle = new SeededRandom(options.Seed ^ (ulong)h * 0x9E3779B97F4A7C15UL);
            var shuffled = Enumerable.Range(0, history.Count).ToArray();
            for (var i = shuffled.Length - 1; i > 0; i--)
            {
                var j = shuffle.Next(i + 1);
                (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
            }
            run.Explore(history.InOrder(history.RegionOrders[history.Regions[0]]).ToArray(), shuffle);
            run.Explore(history.InOrder(shuffled).ToArray(), shuffle);
        }
        return run.Report();
    }

    private sealed class Certifier(DomainCatalog catalog, CertificationOptions options)
    {
        private readonly string[] _types = catalog.EventTypes.Select(t => t.ShortName).ToArray();
        private readonly Dictionary<(string, string), LawCell> _commutativity = [];
        private readonly Dictionary<string, LawCell> _idempotence = [];
        private readonly Dictionary<string, LawCell> _noThrow = [];
        private readonly Dictionary<string, LawCell> _spec = [];
        private readonly Dictionary<(string First, string Second), int> _orders = [];
        private readonly Dictionary<string, HashSet<string>> _entityKinds = [];
        private readonly IReadOnlySet<string> _covered = Spec.CoveredModules(catalog);
        private int _histories;

        public void Explore(EventEnvelope[] order, IRandomSource random)
        {
            _histories++;
            RecordOrders(order);
            var state = new ReadModel(catalog);
            for (var k = 0; k < order.Length; k++)
            {
                var prefix = new ArraySegment<EventEnvelope>(order, 0, k);
                var a = order[k];
                var typeA = TypeOf(a);

                if (!Law(_noThrow, typeA, () => Throws(state.Clone(), a) is null))
                    Fail(_noThrow, typeA, Shrink("no-throw", prefix, [a], [], p => Throws(Fold(p), a) is { } e ? e : null));

                SameAtBothLevels(_idempotence, typeA, "idempotence", state, prefix, [a], [a, a]);

                if (catalog.Modules[catalog.ModuleIndexOf(a.Payload.GetType())].HasSpec &&
                    !Law(_spec, typeA, () => MatchesSpec(prefix.Append(a))))
                    Fail(_spec, typeA, Shrink("spec agreement", prefix, [a], [], p => SpecOutcome(p.Append(a))));

                foreach (var b in PartnersOf(order, k, random))
                    SameAtBothLevels(_commutativity, Unordered(typeA, TypeOf(b)), "commutativity", state, prefix, [a, b], [b, a]);

                try
                {
                    state.Apply(a);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Already recorded as a no-throw failure; go on from the state before it.
                    state = Fold(prefix);
                }
            }
        }

        public CertificationReport Report()
        {

            var coverage = new List<OrderCoverage>();
            for (var i = 0; i < _types.Length; i++)
            {
                // Same-type pairs have no "other" order to exercise; their races (two sign-ups of one
                // email) are still in the commutativity matrix.
                for (var j = i + 1; j < _types.Length; j++)
                {
                    var (a, b) = (_types[i], _types[j]);
                    var sharesKind = _entityKinds.TryGetValue(a, out var kindsA) && _entityKinds.TryGetValue(b, out var kindsB) && kindsA.Overlaps(kindsB);
                    if (!sharesKind) continue;
                    coverage.Add(new OrderCoverage(a, b, _orders.GetValueOrDefault((a, b)), _orders.GetValueOrDefault((b, a))));
                }
            }
            // A type the generators never produce cannot have been exercised at all.
            coverage.AddRange(_types.Where(t => !_entityKinds.ContainsKey(t)).Select(t => new OrderCoverage(t, t, 0, 0)));

            return new CertificationReport(catalog, _types, _commutativity, _idempotence, _noThrow, _spec, coverage, _histories);
        }

        private IEnumerable<EventEnvelope> PartnersOf(EventEnvelope[] order, int k, IRandomSource random)
        {
            if (k + 1 < order.Length) yield return order[k + 1];
            if (k + 2 < order.Length) yield return order[k + 2 + random.Next(order.Length - k - 2)];
        }

        private void RecordOrders(EventEnvelope[] order)
        {
            var entities = order.Select(e => catalog.EntitiesOf(e.Payload).ToArray()).ToArray();
            for (var i = 0; i < order.Length; i++)
            {
                var type = TypeOf(order[i]);
                if (!_entityKinds.TryGetValue(type, out var kinds)) _entityKinds.Add(type, kinds = []);
                foreach (var entity in entities[i]) kinds.Add(entity[..Math.Max(0, entity.IndexOf(':'))]);
                for (var j = i + 1; j < order.Length; j++)
                {
                    if (!entities[i].Intersect(entities[j]).Any()) continue;
                    var key = (type, TypeOf(order[j]));
                    _orders[key] = _orders.GetValueOrDefault(key) + 1;
                }
            }
        }

        /// <summary>Tests one more case of a cell, unless it already failed or has been tested enough; false when the law fails.</summary>
        private bool Law<TKey>(Dictionary<TKey, LawCell> cells, TKey key, Func<bool> holds)
            where TKey : notnull
        {
            var cell = cells.GetValueOrDefault(key, LawCell.Untested);
            if (!cell.Passed || cell.Tested >= options.MaxPairsPerCell) return true;
            cells[key] = cell with { Tested = cell.Tested + 1 };
            return holds();
        }

        private static void Fail<TKey>(Dictionary<TKey, LawCell> cells, TKey key, LawCounterexample counterexample)
            where TKey : notnull => cells[key] = cells[key] with { Counterexample = counterexample };

        /// <summary>
        /// One more case of a law that says two sequences end alike, judged at both comparison levels:
        /// the view (what users see) and the state (what decides the next event's outcome). Each level
        /// keeps its own shrunk counterexample.
        /// </summary>
        private void SameAtBothLevels<TKey>(Dictionary<TKey, LawCell> cells, TKey key, string law, ReadModel state,
            IReadOnlyList<EventEnvelope> prefix, EventEnvelope[] first, EventEnvelope[] second)
            where TKey : notnull
        {
            var cell = cells.GetValueOrDefault(key, LawCell.Untested);
            if ((cell.Counterexample is not null && cell.StateCounterexample is not null) || cell.Tested >= options.MaxPairsPerCell) return;
            cell = cell with { Tested = cell.Tested + 1 };
            var (a, b) = (After(state, first), After(state, second));
            if (cell.Counterexample is null && !a.ToView().Equals(b.ToView()))
                cell = cell with { Counterexample = Shrink(law, prefix, first, second, p => Differs(p, first, second, ComparisonLevel.View)) };
            if (cell.StateCounterexample is null && !a.ToState().Equals(b.ToState()))
                cell = cell with { StateCounterexample = Shrink(law + " (state level)", prefix, first, second, p => Differs(p, first, second, ComparisonLevel.State)) };
            cells[key] = cell;
        }

        private string TypeOf(EventEnvelope e) => catalog.ShortNameOf(e.Payload);

        /// <summary>Commutativity is symmetric: one cell per unordered pair, keyed in registration order.</summary>
        private (string, string) Unordered(string a, string b) =>
            Array.IndexOf(_types, a) <= Array.IndexOf(_types, b) ? (a, b) : (b, a);

        private ReadModel Fold(IEnumerable<EventEnvelope> events)
        {
            var model = new ReadModel(catalog);
            foreach (var e in events) model.Apply(e);
            return model;
        }

        private static string? Throws(ReadModel model, EventEnvelope e)
        {
            try
            {
                model.Apply(e);
                model.ToView();
                return null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return $"{ex.GetType().Name}: {ex.Message}";
            }
        }

        private static ReadModel After(ReadModel state, EventEnvelope[] events)
        {
            var copy = state.Clone();
            foreach (var e in events) copy.Apply(e);
            return copy;
        }

        private string? Differs(IEnumerable<EventEnvelope> prefix, EventEnvelope[] first, EventEnvelope[] second, ComparisonLevel level)
        {
            try
            {
                var state = Fold(prefix);
                var a = After(state, first).At(level);
                var b = After(state, second).At(level);
                return a.Equals(b) ? null : LawCounterexample.DiffOutcome(a, b);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return null;
            }
        }

        private bool MatchesSpec(IEnumerable<EventEnvelope> events) => SpecOutcome(events) is null;

        private string? SpecOutcome(IEnumerable<EventEnvelope> events)
        {
            try
            {
                var list = events.ToArray();
                var built = Fold(list).ToView().OnlyModules(_covered);
                var expected = Spec.Of(catalog, list);
                return built.Equals(expected) ? null : "built (A) vs spec (B):\n" + LawCounterexample.DiffOutcome(built, expected);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return null;
            }
        }

        /// <summary>Drops state events one at a time, keeping each drop after which the law still fails.</summary>
        private static LawCounterexample Shrink(string law, IReadOnlyList<EventEnvelope> prefix, EventEnvelope[] a, EventEnvelope[] b,
            Func<IReadOnlyList<EventEnvelope>, string?> outcome)
        {
            var (shrunk, steps) = Shrinker.Shrink<IReadOnlyList<EventEnvelope>>(prefix.ToArray(),
                p => Enumerable.Range(0, p.Count).Reverse().Select(i => (IReadOnlyList<EventEnvelope>)p.Where((_, j) => j != i).ToArray()),
                p => outcome(p) is not null);
            return new LawCounterexample(law, shrunk, a, b, outcome(shrunk) ?? "(flaky: passed when replayed)", steps);
        }
    }
}
