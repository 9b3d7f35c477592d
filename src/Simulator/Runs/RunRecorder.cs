using Convergence.Domain.Envelope;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Scenarios;

namespace Convergence.Simulator.Runs;

/// <summary>
/// Collects a run as engine-neutral data while it happens: appends (origin, time), first apply
/// and apply count per region and event, faults, heals and digest samples. Engines call it on
/// their hot path, so it stores events by dense index in growable arrays (no per-apply allocation).
/// Times are microseconds since the start of the run on the engine's clock.
/// </summary>
public sealed class RunRecorder
{
    private readonly int _regionCount;
    private readonly List<EventEnvelope> _envelopes = [];
    private Dictionary<EventId, int>? _indexById;
    private readonly long[][] _firstApplyUs;
    private readonly int[][] _applyCounts;
    private readonly List<FaultRecord> _faults = [];
    private readonly List<HealRecord> _heals = [];
    private readonly List<DigestSample> _digests = [];
    private readonly SortedDictionary<string, long> _counters = new(StringComparer.Ordinal);
    private long[] _appendedAtUs;
    private int[] _origins;
    private long _safetyEndUs = -1;

    public RunRecorder(Scenario scenario, DomainCatalog catalog, string engine)
    {
        Scenario = scenario;
        Catalog = catalog;
        Engine = engine;
        _regionCount = scenario.Regions.Count;
        Tally = new RunTally(_regionCount);
        // Sized for the expected appends up front: doubling 5 regions' arrays mid-run costs more than the run's tail.
        var expected = (int)Math.Clamp(scenario.Workload.RatePerRegion * scenario.SafetyPhase.TotalSeconds * _regionCount * 1.05, 1024, 1 << 27);
        _appendedAtUs = new long[expected];
        _origins = new int[expected];
        _firstApplyUs = new long[_regionCount][];
        _applyCounts = new int[_regionCount][];
        for (var r = 0; r < _regionCount; r++)
        {
            _firstApplyUs[r] = NewTimes(_appendedAtUs.Length);
            _applyCounts[r] = new int[_appendedAtUs.Length];
        }
    }

    public Scenario Scenario { get; }

    public DomainCatalog Catalog { get; }

    public string Engine { get; }

    public int EventCount => _envelopes.Count;

    /// <summary>Running counts safe to read from another thread (progress displays).</summary>
    public RunTally Tally { get; }

    public EventEnvelope Envelope(int index) => _envelopes[index];

    /// <summary>The index of a recorded event, or -1 (a live engine maps documents it reads back). The map is built on first use.</summary>
    public int IndexOf(EventId id)
    {
        if (_indexById is null)
        {
            _indexById = new Dictionary<EventId, int>(_envelopes.Count);
            for (var i = 0; i < _envelopes.Count; i++) _indexById[_envelopes[i].Id] = i;
        }
        return _indexById.TryGetValue(id, out var index) ? index : -1;
    }

    /// <summary>Records an append at its origin and returns the event's index. Event ids must be unique (the engine's job).</summary>
    public int RecordAppend(EventEnvelope envelope, int origin, long atUs)
    {
        var index = _envelopes.Count;
        if (_indexById is not null && !_indexById.TryAdd(envelope.Id, index)) throw new InvalidOperationException($"event {envelope.Id} appended twice");
        if (index == _appendedAtUs.Length) Grow();
        _envelopes.Add(envelope);
        _appendedAtUs[index] = atUs;
        _origins[index] = origin;
        Tally.RecordAppend(origin);
        return index;
    }

    /// <summary>Records that region <paramref name="region"/>'s projector applied event <paramref name="index"/> (again, possibly).</summary>
    public void RecordApply(int region, int index, long atUs)
    {
        var first = _firstApplyUs[region];
        if (first[index] < 0)
        {
            first[index] = atUs;
            Tally.RecordFirstApply(region, atUs - _appendedAtUs[index]);
        }
        _applyCounts[region][index]++;
    }

    public void RecordFaultStart(ScheduledFault fault, long atUs)
    {
        _faults.Add(new FaultRecord(fault.Id, fault.Fault, atUs, null));
        PublishActiveFaults();
    }

    public void RecordFaultEnd(int faultId, long atUs)
    {
        var i = _faults.FindLastIndex(f => f.Id == faultId && f.EndUs is null);
        if (i < 0) return;
        _faults[i] = _faults[i] with { EndUs = atUs };
        PublishActiveFaults();
        if (_faults[i].Fault.IsNetworkFault) _heals.Add(new HealRecord(atUs, $"heal {_faults[i].Fault}", false));
    }

    /// <summary>The heal of everything that ends the safety phase: every open fault ends here.</summary>
    public void RecordHealAll(long atUs)
    {
        for (var i = 0; i < _faults.Count; i++)
        {
            if (_faults[i].EndUs is null) _faults[i] = _faults[i] with { EndUs = atUs };
        }
        _safetyEndUs = atUs;
        PublishActiveFaults();
        _heals.Add(new HealRecord(atUs, "heal all (liveness phase)", true));
    }

    /// <summary>
    /// A heal of a fault that is not a network fault by kind but acted as one on this engine (a replica restart a live
    /// engine emulates by cutting the region's links), so it gets a time to converge like any network heal.
    /// </summary>
    public void RecordHeal(long atUs, string what) => _heals.Add(new HealRecord(atUs, what, false));

    public void RecordDigests(long atUs, IReadOnlyList<string> digests)
    {
        // Several sources may sample one instant (a timer and a heal); keep the latest only.
        if (_digests.Count > 0 && _digests[^1].AtUs == atUs) _digests[^1] = new DigestSample(atUs, digests);
        else _digests.Add(new DigestSample(atUs, digests));
    }

    /// <summary>Adds to a named engine counter (batches shipped, retries, …); reported as is.</summary>
    /// <remarks>Locked: a wall-clock run's client loops count while its engine's tasks do.</remarks>
    public void Count(string counter, long amount = 1)
    {
        lock (_counters) _counters[counter] = _counters.TryGetValue(counter, out var value) ? value + amount : amount;
    }

    /// <summary>Hands the collected data to a <see cref="RunRecord"/> without copying it (a large run's arrays
    /// are hundreds of megabytes); the recorder must not be used afterwards. <paramref name="interrupted"/>: the user
    /// stopped the run before its end (the record is partial).</summary>
    public RunRecord Complete(
        Quiescence quiescence, IReadOnlyList<RegionSnapshot> regions, long endUs, string? failure, bool interrupted = false, string? clusterFailure = null)
    {
        var n = _envelopes.Count;
        SortedDictionary<string, long> counters;
        lock (_counters) counters = new SortedDictionary<string, long>(_counters, StringComparer.Ordinal);
        return new RunRecord(
            Scenario, Catalog, Engine, _envelopes, n, _appendedAtUs, _origins, _firstApplyUs, _applyCounts,
            _faults.ToArray(), _heals.ToArray(), _digests.ToArray(), counters,
            _safetyEndUs, quiescence, regions, endUs, failure, interrupted, clusterFailure);
    }

    private void PublishActiveFaults() =>
        Tally.SetActiveFaults(_faults.Where(f => f.EndUs is null).Select(f => $"#{f.Id} {f.Fault}").ToArray());

    private void Grow()
    {
        var size = _appendedAtUs.Length * 2;
        Array.Resize(ref _appendedAtUs, size);
        Array.Resize(ref _origins, size);
        for (var r = 0; r < _regionCount; r++)
        {
            var old = _firstApplyUs[r];
            var times = NewTimes(size);
            old.CopyTo(times, 0);
            _firstApplyUs[r] = times;
            Array.Resize(ref _applyCounts[r], size);
        }
    }

    private static long[] NewTimes(int size)
    {
        var times = new long[size];
        Array.Fill(times, -1);
        return times;
    }
}
