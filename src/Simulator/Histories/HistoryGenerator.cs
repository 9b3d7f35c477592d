using System.Runtime.InteropServices;
using Convergence.Domain.Clock;
using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Domain.Workload;

namespace Convergence.Simulator.Histories;

/// <summary>
/// Generates a concurrent history from a seed: clients in each region act on what their region
/// has seen so far, interleaved with partial, out-of-order deliveries between regions, so the
/// races of production (acting on a stale view) happen. At the end every region has every event.
/// </summary>
public static class HistoryGenerator
{
    /// <summary>Region names used in histories, short for readable counterexamples.</summary>
    public static readonly IReadOnlyList<string> RegionNames = ["eu", "us", "ap", "sa", "af", "me", "oc", "ca"];

    private static readonly IReadOnlySet<EventId> NoPast = new HashSet<EventId>();

    public static ConcurrentHistory Generate(DomainCatalog catalog, HistoryOptions options, ulong seed)
    {
        options.Validate();
        var random = new SeededRandom(seed);
        var regions = Enumerable.Range(0, options.Regions)
            .Select(i => new RegionId(i < RegionNames.Count ? RegionNames[i] : $"r{i}")).ToArray();
        var states = regions.Select(r => new RegionState(r, catalog, random)).ToArray();
        var events = new List<HistoryEvent>();
        var actions = catalog.Modules.SelectMany(m => m.ClientActions).ToArray();
        if (options.Swarm) actions = actions.Where(a => options.AlwaysEnabled.Contains(a.Name) || random.Next(2) == 0).ToArray();
        var totalWeight = actions.Sum(a => a.Weight);
        var wild = options.Wild ? new WildEvents() : null;
        long now = 1_000;

        for (var step = 0; step < options.Actions;)
        {
            now += 1 + random.Next(20);
            if (regions.Length > 1 && random.NextDouble() < options.DeliveryProbability)
            {
                var from = states[random.Next(states.Length)];
                var to = states[random.Next(states.Length)];
                if (from != to) Deliver(from, to, events, random.Next(options.MaxDeliveryBatch) + 1, random, now);
                continue;
            }

            step++;
            var region = states[random.Next(states.Length)];
            var proposed = Propose(region, actions, totalWeight, random);
            if (proposed is null) continue;
            if (wild is not null && random.Next(2) == 0) proposed = wild.Mutate(proposed, random);
            // A region's clock may run a little ahead or behind: skew makes timestamp order differ from real order.
            var envelope = new EventEnvelope(region.Ids.NextEventId(), region.Region,
                region.Clock.Tick(now + region.SkewMs), DateTimeOffset.FromUnixTimeMilliseconds(now), proposed);
            events.Add(new HistoryEvent(envelope, options.TrackCausalPast ? region.Seen.ToHashSet() : NoPast));
            wild?.Observe(envelope.Id, proposed);
            region.Receive(events.Count - 1, envelope, now);
        }

        // Deliver everything everywhere, each region in its own random order of what it lacks.
        foreach (var region in states)
        {
            var missing = Enumerable.Range(0, events.Count).Where(i => !region.Seen.Contains(events[i].Id)).ToList();
            Shuffle(missing, random);
            foreach (var i in missing) region.Receive(i, events[i].Envelope, now);
        }

        return new ConcurrentHistory(catalog, regions, events,
            states.ToDictionary(s => s.Region, s => (IReadOnlyList<int>)s.Order.ToArray()));
    }

    private static Domain.Events.DomainEvent? Propose(RegionState region, ClientAction[] actions, double totalWeight, IRandomSource random)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var pick = random.NextDouble() * totalWeight;
            var action = actions[^1];
            foreach (var candidate in actions)
            {
                if (pick < candidate.Weight) { action = candidate; break; }
                pick -= candidate.Weight;
            }
            if (action.Propose(region.Context) is { } proposed) return proposed;
        }
        return null;
    }

    /// <summary>
    /// Ships up to <paramref name="batch"/> of the oldest events <paramref name="from"/> has that
    /// <paramref name="to"/> lacks, shuffled among a small window: like a replication link, mostly
    /// in source order, yet out of order across paths and batches.
    /// </summary>
    private static void Deliver(RegionState from, RegionState to, List<HistoryEvent> events, int batch, IRandomSource random, long now)
    {
        ref var cursor = ref CollectionsMarshal.GetValueRefOrAddDefault(from.Cursors, to.Region, out _);
        while (cursor < from.Order.Count && to.Seen.Contains(events[from.Order[cursor]].Id)) cursor++;
        var window = new List<int>(DeliveryWindow);
        for (var i = cursor; i < from.Order.Count && window.Count < DeliveryWindow; i++)
        {
            if (!to.Seen.Contains(events[from.Order[i]].Id)) window.Add(from.Order[i]);
        }
        Shuffle(window, random);
        foreach (var i in window.Take(batch)) to.Receive(i, events[i].Envelope, now);
    }

    private const int DeliveryWindow = 8;

    private static void Shuffle<T>(List<T> items, IRandomSource random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private sealed class RegionState
    {
        public RegionState(RegionId region, DomainCatalog catalog, IRandomSource random)
        {
            Region = region;
            State = new ReadModel(catalog);
            Ids = new IdAllocator(region);
            SkewMs = random.Next(41) - 20;
            Context = new ClientContext(region, State, random, Ids);
        }

        public RegionId Region { get; }
        public ReadModel State { get; }
        public IdAllocator Ids { get; }
        public HybridLogicalClock Clock { get; } = new();
        public int SkewMs { get; }
        public ClientContext Context { get; }
        public HashSet<EventId> Seen { get; } = [];
        public List<int> Order { get; } = [];

        /// <summary>Per destination, the position in <see cref="Order"/> before which the destination has everything.</summary>
        public Dictionary<RegionId, int> Cursors { get; } = [];

        public void Receive(int index, EventEnvelope envelope, long now)
        {
            if (!Seen.Add(envelope.Id)) return;
            Order.Add(index);
            Clock.Observe(envelope.Timestamp, now + SkewMs);
            State.Apply(envelope);
        }
    }
}
