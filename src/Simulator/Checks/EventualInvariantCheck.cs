using System.Globalization;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Domain.Stores;
using Convergence.Domain.Views;
using Convergence.Simulator.Runs;

namespace Convergence.Simulator.Checks;

/// <summary>One stretch of time during which an eventual invariant was broken for one key (an email, say).</summary>
public sealed record InvariantViolation(string Invariant, string Key, long StartUs, long EndUs, bool Resolved)
{
    public long DurationUs => EndUs - StartUs;
}

/// <summary>
/// How long one eventual invariant stayed broken in a run, and whether it met its bound: every
/// violation resolved, none later than the bound after the heal that preceded its resolution.
/// </summary>
public sealed record EventualInvariantResult(EventualInvariant Invariant, IReadOnlyList<InvariantViolation> Violations, long OpenAfterHealUs)
{
    public long LongestUs => Violations.Count == 0 ? 0 : Violations.Max(v => v.DurationUs);

    /// <summary>Set when the invariant's per-key form disagreed with its view form: the measurement cannot be trusted, so it fails.</summary>
    public string? Disagreement { get; init; }

    public bool Passed => Disagreement is null && Violations.All(v => v.Resolved) &&
                          (Invariant.Bound is not { } bound || OpenAfterHealUs <= (long)(bound.TotalMilliseconds * 1000));

    public LawVerdict ToVerdict()
    {
        var bound = Invariant.Bound is { } b ? $", bound {b.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after heal" : "";
        if (Disagreement is not null) return new LawVerdict("EI", Invariant.Name, false, Disagreement);
        var detail = Violations.Count == 0
            ? $"never violated{bound}"
            : $"{Violations.Count} violations, longest {Seconds(LongestUs)} s, resolved at most {Seconds(OpenAfterHealUs)} s after a heal{bound}" +
              (Violations.Any(v => !v.Resolved) ? $"; still violated at the end: {string.Join(", ", Violations.Where(v => !v.Resolved).Select(v => v.Key).Take(5))}" : "");
        return new LawVerdict("EI", Invariant.Name, Passed, detail);
    }

    private static string Seconds(long us) => (us / 1e6).ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>
/// Measures the eventual invariants of a run's modules by replaying each region's applies from the
/// record and asking every invariant, at each digest sample instant and at the end, what is
/// violated; a violation lasts from the first instant it is seen to the first it is gone (so the
/// resolution is the sample interval). It runs on every run, whatever its length: an invariant with
/// a per-key form (<see cref="InvariantKeys"/>) is re-evaluated only for the keys the events applied
/// since the previous instant touched, so the cost follows the events, not the size of the state;
/// one without is evaluated on views rebuilt only for regions that changed since the previous instant.
/// The per-key result is compared with the view form at a few instants (spaced by a factor of 4 in applies)
/// and at the end: a disagreement fails the invariant.
/// </summary>
public static class EventualInvariantCheck
{
    public static IReadOnlyList<EventualInvariantResult> Measure(RunRecord run, IReadOnlyDictionary<string, TimeSpan>? bounds = null)
    {
        var invariants = run.Catalog.Modules.SelectMany(m => m.EventualInvariants)
            .Select(i => bounds is not null && bounds.TryGetValue(i.Name, out var bound) ? i with { Bound = bound } : i)
            .ToArray();
        if (invariants.Length == 0) return [];

        var instants = run.DigestSamples.Select(s => s.AtUs).Append(run.EndUs).Where(t => t >= 0).Distinct().Order().ToArray();
        var trackers = invariants.Select(i => new Tracker(i)).ToArray();
        var keyed = trackers.Where(t => t.Invariant.Keys is not null).ToArray();
        var regions = Enumerable.Range(0, run.RegionCount).Select(r => new RegionReplay(run, r)).ToArray();
        var models = regions.Select(r => r.Model).ToArray();
        var views = new ReadModelView?[regions.Length];
        long applied = 0, crossCheckedAt = 0;
        foreach (var instant in instants)
        {
            var changed = false;
            for (var r = 0; r < regions.Length; r++)
            {
                var before = regions[r].Applied;
                if (!regions[r].AdvanceTo(instant, keyed, models[r])) continue;
                applied += regions[r].Applied - before;
                changed = true;
                views[r] = null;
            }
            foreach (var tracker in trackers)
            {
                if (tracker.Invariant.Keys is { } keys) tracker.EvaluateDirty(keys, models, instant);
                else if (changed || instant == instants[0]) tracker.EvaluateAll(ViewsOf(regions, views), instant);
            }
            // The per-key forms are held to their view forms at instants spaced by a factor of 4 in applies (a
            // wrong form is caught mid-run, not only if it still differs at the end) and at the end; all those
            // views cost about a third more than the views of the end alone.
            if (keyed.Length > 0 && applied >= 4 * Math.Max(1, crossCheckedAt) && instant != run.EndUs)
            {
                crossCheckedAt = applied;
                var now = ViewsOf(regions, views);
                foreach (var tracker in keyed) tracker.CrossCheck(now, instant);
            }
        }

        var heals = run.Heals.Select(h => h.AtUs).Order().ToArray();
        return trackers.Select(tracker =>
        {
            if (tracker.Invariant.Keys is not null) tracker.CrossCheck(ViewsOf(regions, views), run.EndUs);
            var violations = tracker.Violations(run.EndUs);
            var openAfterHeal = violations.Select(v => OpenAfterHeal(v, heals)).DefaultIfEmpty(0).Max();
            return new EventualInvariantResult(tracker.Invariant, violations, openAfterHeal) { Disagreement = tracker.Disagreement };
        }).ToArray();
    }

    private static ReadModelView[] ViewsOf(RegionReplay[] regions, ReadModelView?[] cache)
    {
        var views = new ReadModelView[regions.Length];
        for (var r = 0; r < regions.Length; r++) views[r] = cache[r] ??= regions[r].Model.ToView();
        return views;
    }

    /// <summary>
    /// How long a violation outlived the network being whole: from the latest heal before it was
    /// resolved (or from its start, if it began after that heal) to its resolution.
    /// </summary>
    private static long OpenAfterHeal(InvariantViolation violation, long[] heals)
    {
        var heal = heals.LastOrDefault(h => h <= violation.EndUs);
        return violation.EndUs - Math.Max(violation.StartUs, heal);
    }

    /// <summary>One invariant's open and closed violations, and (per-key form) the keys touched since the last instant.</summary>
    private sealed class Tracker(EventualInvariant invariant)
    {
        private readonly Dictionary<string, long> _open = new(StringComparer.Ordinal);
        private readonly List<InvariantViolation> _closed = [];

        public EventualInvariant Invariant { get; } = invariant;

        public HashSet<string> Dirty { get; } = new(StringComparer.Ordinal);

        public void EvaluateDirty(InvariantKeys keys, IReadOnlyList<ReadModel> models, long instant)
        {
            foreach (var key in Dirty) Set(key, keys.IsViolated(models, key), instant);
            Dirty.Clear();
        }

        public void EvaluateAll(IReadOnlyList<ReadModelView> views, long instant)
        {
            var now = Invariant.Violations(views).ToHashSet(StringComparer.Ordinal);
            foreach (var key in now) _open.TryAdd(key, instant);
            foreach (var key in _open.Keys.Where(k => !now.Contains(k)).ToArray()) Set(key, false, instant);
        }

        /// <summary>The first instant at which the per-key form disagreed with the view form, and how; null while they agree.</summary>
        public string? Disagreement { get; private set; }

        public void CrossCheck(IReadOnlyList<ReadModelView> views, long instant)
        {
            if (Disagreement is not null) return;
            var full = Invariant.Violations(views).ToHashSet(StringComparer.Ordinal);
            var missed = full.Where(k => !_open.ContainsKey(k)).Order(StringComparer.Ordinal).Take(5).ToArray();
            var extra = _open.Keys.Where(k => !full.Contains(k)).Order(StringComparer.Ordinal).Take(5).ToArray();
            if (missed.Length == 0 && extra.Length == 0) return;
            Disagreement = $"its per-key form disagrees with its view form at {(instant / 1e6).ToString("0.000", CultureInfo.InvariantCulture)} s " +
                           $"(missed: {string.Join(", ", missed)}; extra: {string.Join(", ", extra)}): the measurement cannot be trusted";
        }

        public InvariantViolation[] Violations(long endUs) =>
            _closed.Concat(_open.Select(p => new InvariantViolation(Invariant.Name, p.Key, p.Value, endUs, Resolved: false)))
                .OrderBy(v => v.StartUs).ThenBy(v => v.Key, StringComparer.Ordinal).ToArray();

        private void Set(string key, bool violated, long instant)
        {
            if (violated) _open.TryAdd(key, instant);
            else if (_open.Remove(key, out var start)) _closed.Add(new InvariantViolation(Invariant.Name, key, start, instant, Resolved: true));
        }
    }

    /// <summary>One region's read model rebuilt forward in time from the first-apply times in the record.</summary>
    private sealed class RegionReplay
    {
        private readonly RunRecord _run;
        private readonly int[] _order;
        private readonly long[] _applies;
        private int _next;

        public RegionReplay(RunRecord run, int region)
        {
            _run = run;
            _applies = run.FirstApplies(region).ToArray();
            var applies = _applies;
            // Stable: events first applied at one instant keep their append order.
            _order = Enumerable.Range(0, applies.Length).Where(i => applies[i] >= 0).OrderBy(i => applies[i]).ToArray();
            // Replayed in memory whatever store the run used: the invariant reads views, which the stores must agree on
            // (a law of its own), and the per-key form reads the in-memory projection.
            Model = new ReadModel(run.Catalog.WithStore(MemoryStore.Instance));
        }

        public ReadModel Model { get; }

        public int Applied => _next;

        /// <summary>Applies everything first applied up to <paramref name="instantUs"/>, marking the keys each touches; true if anything was applied.</summary>
        public bool AdvanceTo(long instantUs, Tracker[] keyed, ReadModel model)
        {
            var start = _next;
            while (_next < _order.Length && _applies[_order[_next]] <= instantUs)
            {
                var envelope = _run.Envelopes[_order[_next++]];
                foreach (var tracker in keyed)
                {
                    foreach (var key in tracker.Invariant.Keys!.Touched(model, envelope)) tracker.Dirty.Add(key);
                }
                model.Apply(envelope);
            }
            return _next > start;
        }
    }
}
