using System.Globalization;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
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

    public bool Passed => Violations.All(v => v.Resolved) &&
                          (Invariant.Bound is not { } bound || OpenAfterHealUs <= (long)(bound.TotalMilliseconds * 1000));

    public LawVerdict ToVerdict()
    {
        var bound = Invariant.Bound is { } b ? $", bound {b.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after heal" : "";
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
/// resolution is the sample interval).
/// </summary>
public static class EventualInvariantCheck
{
    /// <summary>Replaying costs a view per region per sample: larger runs are not measured.</summary>
    public const int MaxEvents = 100_000;

    public static IReadOnlyList<EventualInvariantResult> Measure(RunRecord run, IReadOnlyDictionary<string, TimeSpan>? bounds = null)
    {
        var invariants = run.Catalog.Modules.SelectMany(m => m.EventualInvariants)
            .Select(i => bounds is not null && bounds.TryGetValue(i.Name, out var bound) ? i with { Bound = bound } : i)
            .ToArray();
        if (invariants.Length == 0 || run.EventCount > MaxEvents) return [];

        var instants = run.DigestSamples.Select(s => s.AtUs).Append(run.EndUs).Where(t => t >= 0).Distinct().Order().ToArray();
        var open = invariants.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
        var closed = invariants.Select(_ => new List<InvariantViolation>()).ToArray();

        var regions = Enumerable.Range(0, run.RegionCount).Select(r => new RegionReplay(run, r)).ToArray();
        foreach (var instant in instants)
        {
            var views = regions.Select(r => r.ViewAt(instant)).ToArray();
            for (var i = 0; i < invariants.Length; i++)
            {
                var now = invariants[i].Violations(views).ToHashSet(StringComparer.Ordinal);
                foreach (var key in now) open[i].TryAdd(key, instant);
                foreach (var (key, start) in open[i].Where(p => !now.Contains(p.Key)).ToArray())
                {
                    closed[i].Add(new InvariantViolation(invariants[i].Name, key, start, instant, Resolved: true));
                    open[i].Remove(key);
                }
            }
        }

        var heals = run.Heals.Select(h => h.AtUs).Order().ToArray();
        return invariants.Select((invariant, i) =>
        {
            var violations = closed[i].Concat(open[i].Select(p => new InvariantViolation(invariant.Name, p.Key, p.Value, run.EndUs, Resolved: false)))
                .OrderBy(v => v.StartUs).ThenBy(v => v.Key, StringComparer.Ordinal).ToArray();
            var openAfterHeal = violations.Select(v => OpenAfterHeal(v, heals)).DefaultIfEmpty(0).Max();
            return new EventualInvariantResult(invariant, violations, openAfterHeal);
        }).ToArray();
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

    /// <summary>One region's read model rebuilt forward in time from the first-apply times in the record.</summary>
    private sealed class RegionReplay
    {
        private readonly RunRecord _run;
        private readonly int[] _order;
        private readonly ReadModel _model;
        private int _next;

        public RegionReplay(RunRecord run, int region)
        {
            _run = run;
            var applies = run.FirstApplies(region).ToArray();
            _order = Enumerable.Range(0, applies.Length).Where(i => applies[i] >= 0).OrderBy(i => applies[i]).ToArray();
            _model = new ReadModel(run.Catalog);
            Applies = applies;
        }

        private long[] Applies { get; }

        public ReadModelView ViewAt(long instantUs)
        {
            while (_next < _order.Length && Applies[_order[_next]] <= instantUs) _model.Apply(_run.Envelopes[_order[_next++]]);
            return _model.ToView();
        }
    }
}
