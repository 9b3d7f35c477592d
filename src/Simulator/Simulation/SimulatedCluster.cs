using System.Text;
using Convergence.Domain.Clock;
using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Projection;
using Convergence.Domain.Stores;
using Convergence.Domain.Workload;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Network;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;

namespace Convergence.Simulator.Simulation;

/// <summary>
/// The deterministic engine: regions, logs, projectors and CouchDB-like replication links in
/// virtual time, driven by one binary-heap event queue on one thread. Every random choice comes
/// from PRNGs derived from the scenario's root seed, so a seed replays the run byte for byte.
/// One instance runs one scenario.
/// </summary>
public sealed class SimulatedCluster(SimulationOptions? options = null) : IClusterEngine
{
    /// <summary>Virtual time zero as a wall-clock instant, so envelopes carry plausible, fixed dates.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly SimulationOptions _options = options ?? SimulationOptions.Default;
    private readonly PriorityQueue<SimEvent, SimKey> _queue = new();
    private List<EventEnvelope> _envelopes = [];
    // Timestamps beside the envelopes: replication reads them for every delivered event, without chasing pointers.
    private HybridTimestamp[] _timestamps = new HybridTimestamp[1024];
    private readonly Dictionary<int, ActiveFault> _faults = [];
    private Scenario _scenario = null!;
    private RunRecorder _recorder = null!;
    private SimRegion[] _regions = [];
    private SimLink[] _links = [];
    private SeededRandom _network = null!;
    private SeededRandom _projector = null!;
    private bool _checkpointProjectors;
    // Cancellation is looked at every 4,096 queue events: often enough for a prompt Ctrl+C, rare enough to cost nothing.
    private const long CancellationCheckMask = 0xFFF;

    private bool _started;
    private long _nowUs;
    // The event count at the last sample whose views were hashed (the sampling ration).
    private int _hashedAtEvents;
    private long _sequence;
    private long _batches, _batchesLost, _retries, _shipped, _duplicatesDropped, _redeliveries, _projectorCheckpoints;

    public string Name => "simulated";

    public TimeSpan Elapsed => TimeSpan.FromTicks(_nowUs * TimeSpan.TicksPerMicrosecond);

    /// <summary>How many queue events were processed (benchmarks report it).</summary>
    public long ProcessedEvents { get; private set; }

    public ValueTask StartAsync(Scenario scenario, RunRecorder recorder, CancellationToken cancellationToken)
    {
        if (_started) throw new InvalidOperationException("a simulated cluster runs one scenario; create another");
        _started = true;
        _scenario = scenario;
        _recorder = recorder;
        _network = SeededRandom.Derive(scenario.Seed, "network");
        _projector = SeededRandom.Derive(scenario.Seed, "projector");
        _checkpointProjectors = scenario.Faults.Any(f => f.Fault is ProjectorCrashFault);
        var capacity = (int)Math.Clamp(scenario.Workload.RatePerRegion * scenario.SafetyPhase.TotalSeconds * scenario.Regions.Count * 1.1, 1024, 1 << 26);
        _timestamps = new HybridTimestamp[capacity];
        _envelopes = new List<EventEnvelope>(capacity);
        _regions = scenario.Regions.Select((id, i) => new SimRegion(i, id, recorder.Catalog, capacity)).ToArray();
        _links = scenario.Links.Select((l, i) => new SimLink(i, l.From, l.To, _options.BatchesInFlight, _network)).ToArray();
        foreach (var link in _links)
        {
            _regions[link.From].Outgoing.Add(link.Index);
            _regions[link.To].Incoming.Add(link.Index);
        }
        if (_options.SampleDigests) Schedule(Us(scenario.DigestSampleInterval), new SimEvent(SimEventKind.DigestSample, 0, 0));
        return ValueTask.CompletedTask;
    }

    public ValueTask AdvanceToAsync(TimeSpan at, CancellationToken cancellationToken)
    {
        var until = Us(at);
        while (_queue.TryPeek(out _, out var key) && key.TimeUs <= until)
        {
            Step();
            // A long stretch of virtual time between two client actions still notices Ctrl+C within a few thousand events.
            if ((ProcessedEvents & CancellationCheckMask) == 0) cancellationToken.ThrowIfCancellationRequested();
        }
        _nowUs = Math.Max(_nowUs, until);
        return ValueTask.CompletedTask;
    }

    public ReadModel StateOf(RegionId region) => _regions[RegionIndex(region)].Model;

    public ValueTask<EventEnvelope> AppendAsync(RegionId region, DomainEvent payload, CancellationToken cancellationToken)
    {
        var r = _regions[RegionIndex(region)];
        var envelope = new EventEnvelope(r.Events.NextEventId(), r.Id, r.Clock.Tick(_nowUs / 1000), Epoch.AddTicks(_nowUs * 10), payload);
        var index = _recorder.RecordAppend(envelope, r.Index, _nowUs);
        _envelopes.Add(envelope);
        if (index == _timestamps.Length) Array.Resize(ref _timestamps, _timestamps.Length * 2);
        _timestamps[index] = envelope.Timestamp;
        r.TryAppend(index);
        LogGrew(r);
        return ValueTask.FromResult(envelope);
    }

    public ValueTask ApplyFaultAsync(int faultId, Fault fault, CancellationToken cancellationToken)
    {
        if (_faults.ContainsKey(faultId)) throw new InvalidOperationException($"fault #{faultId} is already active");
        var active = new ActiveFault(fault, LinksOf(fault));
        _faults.Add(faultId, active);
        switch (fault)
        {
            case PartitionFault or IsolateFault or BlackholeFault or ResetPeerFault:
                foreach (var l in active.Links) _links[l].Blocked++;
                break;
            case BandwidthFault squeeze:
                var slowed = BandwidthLatency(squeeze.RateKBps);
                foreach (var l in active.Links) _links[l].LatencyFaults.Add((faultId, slowed));
                break;
            case FlappingLinkFault flap:
                active.Down = true;
                foreach (var l in active.Links) _links[l].Blocked++;
                Schedule(_nowUs + Us(flap.DownFor), new SimEvent(SimEventKind.FlapToggle, faultId, 0));
                break;
            case LinkLatencyFault latency:
                foreach (var l in active.Links) _links[l].LatencyFaults.Add((faultId, latency.Latency));
                break;
            case ProjectorCrashFault crash:
                Crash(_regions[RegionIndex(crash.Region)]);
                break;
            case ReplicaRestartFault restart:
                StopReplication(_regions[RegionIndex(restart.Region)]);
                break;
            default:
                throw new NotSupportedException($"the simulator cannot apply {fault.GetType().Name}");
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ClearFaultAsync(int faultId, CancellationToken cancellationToken)
    {
        if (!_faults.Remove(faultId, out var active)) return ValueTask.CompletedTask;
        switch (active.Fault)
        {
            case PartitionFault or IsolateFault or BlackholeFault or ResetPeerFault:
                foreach (var l in active.Links) _links[l].Blocked--;
                break;
            case FlappingLinkFault:
                if (active.Down) foreach (var l in active.Links) _links[l].Blocked--;
                break;
            case LinkLatencyFault or BandwidthFault:
                foreach (var l in active.Links) _links[l].LatencyFaults.RemoveAll(f => f.FaultId == faultId);
                break;
            case ProjectorCrashFault crash:
                var region = _regions[RegionIndex(crash.Region)];
                region.Crashes--;
                WakeProjector(region);
                break;
            case ReplicaRestartFault restart:
                ResumeReplication(_regions[RegionIndex(restart.Region)]);
                break;
        }
        // A healed link does not ship at once: it waits for its next retry, as PouchDB does.
        return ValueTask.CompletedTask;
    }

    public ValueTask<Quiescence> WaitForQuiescenceAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        var deadline = _nowUs + Us(bound);
        while (true)
        {
            if (IsQuiescent()) return ValueTask.FromResult(Quiescence.ReachedAt(_nowUs));
            if (!_queue.TryPeek(out _, out var key))
                return ValueTask.FromResult(Quiescence.NotReached(_nowUs, "nothing left to happen, yet: " + Pending()));
            if (key.TimeUs > deadline)
            {
                _nowUs = deadline;
                return ValueTask.FromResult(Quiescence.NotReached(_nowUs, Pending() ?? "unknown"));
            }
            Step();
            if ((ProcessedEvents & CancellationCheckMask) == 0) cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public ValueTask SampleDigestsAsync(CancellationToken cancellationToken)
    {
        SampleDigests();
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<RegionSnapshot>> ReadRegionsAsync(CancellationToken cancellationToken)
    {
        _recorder.Count("replication.batches", _batches);
        _recorder.Count("replication.batches-lost", _batchesLost);
        _recorder.Count("replication.retries", _retries);
        _recorder.Count("replication.events-shipped", _shipped);
        _recorder.Count("log.duplicates-dropped", _duplicatesDropped);
        _recorder.Count("projector.redeliveries", _redeliveries);
        _recorder.Count("projector.checkpoints", _projectorCheckpoints);
        _recorder.Count("engine.queue-events", ProcessedEvents);
        IReadOnlyList<RegionSnapshot> snapshots = _regions
            .Select(r => new RegionSnapshot(r.Id, new ArraySegment<int>(r.Log, 0, r.LogLength), r.Position, r.Deliveries,
                r.Model.ToView(), r.Model.ToState(), r.Model.IdentityConflicts.ToArray(), []))
            .ToArray();
        // The end's sample is hashed whatever the ration said: the views are at hand (and their digests are reported anyway).
        if (IsQuiescent()) _recorder.RecordDigests(_nowUs, snapshots.Select(r => r.View.Digest).ToArray());
        return ValueTask.FromResult(snapshots);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Null when quiescent; otherwise what is still outstanding, for the liveness verdict.</summary>
    public string? Pending()
    {
        if (IsQuiescent()) return null;
        var text = new StringBuilder();
        var total = _envelopes.Count;
        foreach (var r in _regions)
        {
            if (r.LogLength < total)
            {
                var missing = -1;
                for (var i = 0; i < total && missing < 0; i++) if (!r.Contains(i)) missing = i;
                text.Append($"log {r.Id} misses {total - r.LogLength} of {total} events (first: {_envelopes[missing].Id}); ");
                foreach (var l in r.Incoming)
                {
                    var link = _links[l];
                    var source = _regions[link.From];
                    var state = link.Blocked > 0 ? "blocked" : link.InBackoff ? $"retry at {link.RetryAtUs / 1e6:0.###}s (attempt {link.Backoff.Attempts})"
                        : link.Active > 0 ? $"{link.Active} batches in flight" : source.ReplicationStopped > 0 || r.ReplicationStopped > 0 ? "stopped" : "idle";
                    text.Append($"link {source.Id}->{r.Id} at {link.Cursor}/{source.LogLength} {state}; ");
                }
            }
            if (r.ProjectorDown) text.Append($"projector {r.Id} is down; ");
            else if (r.Position < r.LogLength) text.Append($"projector {r.Id} at {r.Position}/{r.LogLength}; ");
        }
        return text.ToString().TrimEnd(' ', ';');
    }

    private bool IsQuiescent()
    {
        var total = _envelopes.Count;
        foreach (var r in _regions)
        {
            if (r.LogLength != total || r.Position != total || r.ProjectorDown) return false;
        }
        return true;
    }

    private void Step()
    {
        _queue.TryDequeue(out var e, out var key);
        Advance(key.TimeUs);
        ProcessedEvents++;
        switch (e.Kind)
        {
            case SimEventKind.Deliver: Deliver(_links[e.Target], e.Generation, e.Slot); break;
            case SimEventKind.Retry: Retry(_links[e.Target], e.Generation); break;
            case SimEventKind.ProjectorWake: Project(_regions[e.Target], e.Generation); break;
            case SimEventKind.FlapToggle: Flap(e.Target); break;
            case SimEventKind.DigestSample:
                SampleDigests();
                Schedule(_nowUs + Us(_scenario.DigestSampleInterval), e);
                break;
        }
    }

    private void Schedule(long atUs, SimEvent e) => _queue.Enqueue(e, new SimKey(atUs, _sequence++));

    /// <summary>Pops move the clock forward; the clock never runs backwards.</summary>
    private void Advance(long atUs) => _nowUs = Math.Max(_nowUs, atUs);

    private void LogGrew(SimRegion region)
    {
        WakeProjector(region);
        foreach (var l in region.Outgoing) TryShip(_links[l]);
    }

    private bool IsStopped(SimLink link) => _regions[link.From].ReplicationStopped > 0 || _regions[link.To].ReplicationStopped > 0;

    private void TryShip(SimLink link)
    {
        if (link.InBackoff || IsStopped(link)) return;
        var source = _regions[link.From];
        var slots = link.SlotCount;
        while (link.Active < slots.Length && link.NextToSend < source.LogLength)
        {
            if (link.Blocked > 0)
            {
                Fail(link);
                return;
            }
            var slot = Array.IndexOf(slots, 0);
            var count = Math.Min(source.LogLength - link.NextToSend, _options.BatchSize);
            link.SlotStart[slot] = link.NextToSend;
            slots[slot] = count;
            link.NextToSend += count;
            link.Active++;
            var latency = link.LatencyFaults.Count > 0 ? link.LatencyFaults[^1].Latency : _scenario.Latency;
            Schedule(_nowUs + latency.SampleUs(_network), new SimEvent(SimEventKind.Deliver, link.Index, link.Generation, slot));
        }
    }

    /// <summary>A refused request or a lost batch: the connection's batches are dropped and the
    /// replication retries from its delivered prefix after PouchDB's randomised doubling backoff.</summary>
    private void Fail(SimLink link)
    {
        link.RecomputeCursor();
        _batchesLost += link.Active;
        link.Reset(link.Cursor);
        link.InBackoff = true;
        link.RetryAtUs = _nowUs + link.Backoff.NextDelayUs(_network);
        _retries++;
        Schedule(link.RetryAtUs, new SimEvent(SimEventKind.Retry, link.Index, link.Generation));
    }

    private void Retry(SimLink link, int generation)
    {
        if (generation != link.Generation || !link.InBackoff) return;
        link.InBackoff = false;
        TryShip(link);
    }

    private void Deliver(SimLink link, int generation, int slot)
    {
        if (generation != link.Generation || link.SlotCount[slot] == 0) return;
        if (link.Blocked > 0)
        {
            // The partition cut the connection: this batch and every other in flight are lost.
            Fail(link);
            return;
        }
        var source = _regions[link.From];
        var target = _regions[link.To];
        var log = source.Log;
        var start = link.SlotStart[slot];
        var count = link.SlotCount[slot];
        var end = start + count;
        var added = 0;
        var newest = HybridTimestamp.Zero;
        var timestamps = _timestamps;
        for (var i = start; i < end; i++)
        {
            var index = log[i];
            if (target.TryAppend(index))
            {
                added++;
                var timestamp = timestamps[index];
                if (timestamp > newest) newest = timestamp;
            }
        }
        _duplicatesDropped += count - added;
        _batches++;
        _shipped += count;
        link.SlotCount[slot] = 0;
        link.Active--;
        link.RecomputeCursor();
        link.Backoff.Reset();
        if (_nowUs - link.CheckpointAtUs >= Us(_options.LinkCheckpointInterval))
        {
            link.CheckpointCursor = link.Cursor;
            link.CheckpointAtUs = _nowUs;
        }
        if (added > 0)
        {
            target.Clock.Observe(newest, _nowUs / 1000);
            LogGrew(target);
        }
        TryShip(link);
    }

    private void WakeProjector(SimRegion region)
    {
        if (region.WakeScheduled || region.ProjectorDown) return;
        region.WakeScheduled = true;
        Schedule(_nowUs + _options.ProjectorDelay.SampleUs(_projector), new SimEvent(SimEventKind.ProjectorWake, region.Index, region.ProjectorGeneration));
    }

    private void Project(SimRegion region, int generation)
    {
        if (generation != region.ProjectorGeneration) return;
        region.WakeScheduled = false;
        if (region.ProjectorDown) return;
        var model = region.Model;
        var log = region.Log;
        for (var i = region.Position; i < region.LogLength; i++)
        {
            var index = log[i];
            model.Apply(_envelopes[index]);
            _recorder.RecordApply(region.Index, index, _nowUs);
        }
        region.Deliveries += region.LogLength - region.Position;
        region.Position = region.LogLength;
        if (_checkpointProjectors && _nowUs - region.CheckpointAtUs >= Us(_options.ProjectorCheckpointInterval))
        {
            region.CheckpointModel = model.Clone();
            region.CheckpointPosition = region.Position;
            region.CheckpointAtUs = _nowUs;
            _projectorCheckpoints++;
        }
    }

    /// <summary>The projector loses its in-memory model: it comes back from its last checkpoint, so
    /// every event after that checkpoint will be delivered to it again.</summary>
    private void Crash(SimRegion region)
    {
        _redeliveries += region.Position - region.CheckpointPosition;
        // A store whose checkpoint is written apart from its state keeps what it applied after it (at-least-once).
        if (region.Model.Catalog.Store.Checkpoints == CheckpointMode.WithState) region.Model = region.CheckpointModel.Clone();
        region.CachedDigestAt = -1;
        region.Position = region.CheckpointPosition;
        region.Crashes++;
        region.WakeScheduled = false;
        region.ProjectorGeneration++;
    }

    private void StopReplication(SimRegion region)
    {
        region.ReplicationStopped++;
        foreach (var l in region.Outgoing.Concat(region.Incoming))
        {
            var link = _links[l];
            _batchesLost += link.Active;
            link.Reset(link.CheckpointCursor);
            link.InBackoff = false;
            link.Backoff.Reset();
        }
    }

    private void ResumeReplication(SimRegion region)
    {
        region.ReplicationStopped--;
        if (region.ReplicationStopped > 0) return;
        foreach (var l in region.Outgoing.Concat(region.Incoming)) TryShip(_links[l]);
    }

    private void Flap(int faultId)
    {
        if (!_faults.TryGetValue(faultId, out var active) || active.Fault is not FlappingLinkFault flap) return;
        active.Down = !active.Down;
        foreach (var l in active.Links) _links[l].Blocked += active.Down ? 1 : -1;
        Schedule(_nowUs + Us(active.Down ? flap.DownFor : flap.UpFor), new SimEvent(SimEventKind.FlapToggle, faultId, 0));
    }

    /// <summary>
    /// Digests every region if all have applied every event (then a difference is a real divergence);
    /// otherwise records them as not computed — regions holding different events differ anyway. Hashing
    /// whole views is rationed so that sampling stays linear in the events: views are hashed when the events
    /// at least doubled since the last hashed sample (so all of a run's hashes cost about two views of its
    /// final state); other caught-up samples record <see cref="DigestSample.SameEvents"/>. A quiescent sample
    /// is left to <see cref="ReadRegionsAsync"/>, which hashes the end's views exactly (they are built anyway).
    /// </summary>
    private void SampleDigests()
    {
        var digests = new string[_regions.Length];
        var total = _envelopes.Count;
        var caughtUp = true;
        foreach (var region in _regions) caughtUp &= region.Position == total && !region.ProjectorDown;
        if (!caughtUp)
        {
            Array.Fill(digests, DigestSample.NotComputed);
        }
        else if ((long)(total - _hashedAtEvents) * 2 < total || IsQuiescent())
        {
            Array.Fill(digests, DigestSample.SameEvents(total));
        }
        else
        {
            _hashedAtEvents = total;
            for (var i = 0; i < _regions.Length; i++) digests[i] = CachedDigest(_regions[i]);
        }
        _recorder.RecordDigests(_nowUs, digests);
    }

    private static string CachedDigest(SimRegion region)
    {
        if (region.CachedDigestAt != region.Deliveries)
        {
            region.CachedDigest = region.Model.Digest();
            region.CachedDigestAt = region.Deliveries;
        }
        return region.CachedDigest;
    }

    private int[] LinksOf(Fault fault)
    {
        bool Touches(SimLink l, int r) => l.From == r || l.To == r;
        return fault switch
        {
            PartitionFault p => Pair(RegionIndex(p.A), RegionIndex(p.B)),
            FlappingLinkFault f => Pair(RegionIndex(f.A), RegionIndex(f.B)),
            BlackholeFault b => Pair(RegionIndex(b.A), RegionIndex(b.B)),
            ResetPeerFault r => Pair(RegionIndex(r.A), RegionIndex(r.B)),
            BandwidthFault w => _links.Where(l => l.From == RegionIndex(w.From) && l.To == RegionIndex(w.To)).Select(l => l.Index).ToArray(),
            IsolateFault i => _links.Where(l => Touches(l, RegionIndex(i.Region))).Select(l => l.Index).ToArray(),
            LinkLatencyFault d => _links.Where(l => l.From == RegionIndex(d.From) && l.To == RegionIndex(d.To)).Select(l => l.Index).ToArray(),
            _ => [],
        };

        int[] Pair(int a, int b) => _links.Where(l => (l.From == a && l.To == b) || (l.From == b && l.To == a)).Select(l => l.Index).ToArray();
    }

    /// <summary>
    /// A bandwidth squeeze as delay: the scenario's latency plus the time one full batch (about 300 bytes per
    /// document on the wire, as measured for envelopes) takes at the rate. Worked example: 100 documents at
    /// 10 KB/s add 3 s.
    /// </summary>
    private LatencyDistribution BandwidthLatency(long rateKBps)
    {
        const double BytesPerDocument = 300;
        var transfer = TimeSpan.FromMilliseconds(_options.BatchSize * BytesPerDocument / Math.Max(1, rateKBps));
        return new LatencyDistribution(_scenario.Latency.Median + transfer, _scenario.Latency.P99 + transfer);
    }

    private int RegionIndex(RegionId region)
    {
        // Callers pass the scenario's own ids: a reference match finds them without comparing text.
        for (var i = 0; i < _regions.Length; i++) if (ReferenceEquals(_regions[i].Id.Value, region.Value)) return i;
        for (var i = 0; i < _regions.Length; i++) if (_regions[i].Id == region) return i;
        throw new ArgumentException($"no region '{region}' in this cluster", nameof(region));
    }

    private static long Us(TimeSpan t) => t.Ticks / TimeSpan.TicksPerMicrosecond;

    private sealed class ActiveFault(Fault fault, int[] links)
    {
        public Fault Fault { get; } = fault;

        public int[] Links { get; } = links;

        public bool Down;
    }
}
