using System.Text;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;
using Convergence.Cluster.Toxiproxy;
using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Projection;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;

namespace Convergence.Cluster.Live;

/// <summary>
/// The live engine: one real replica server per region, one Toxiproxy proxy per directed link, continuous push
/// replications as supervised <c>_replicator</c> documents, a longpoll projector per region, wall-clock time.
/// </summary>
/// <remarks>
/// Replication a→b is a document on a's server (push): source a's database directly, target b's database through the
/// proxy <c>a->b</c>. Push, because after a heal it resumed faster than pull on pouchdb-server (median 1.2 s against
/// 4.7 s after 10 s down), and a source that holds the replication needs no inbound path to notice its own writes.
/// Faults map onto proxies, toxics and processes (see <see cref="ApplyFaultAsync"/>).
/// </remarks>
public sealed class LiveCluster : IWallClockEngine, IBatchAppendEngine
{
    private readonly LiveClusterOptions _options;
    private readonly Dictionary<int, ActiveFault> _faults = [];
    private readonly HashSet<int> _processIds = [];
    private readonly CancellationTokenSource _sampling = new();
    private ReplicaSet? _replicas;
    private ToxiproxyBackend? _toxiproxy;
    private LiveRegion[] _regions = [];
    private RegionProjector[] _projectors = [];
    private RegionAppender[] _appenders = [];
    private LinkProxies? _proxies;
    private ReplicationSupervisor? _supervisor;
    private LiveRunContext? _context;
    private Task? _sampler;
    private long _startTimestamp;
    private bool _started;
    private EventHandler? _exitCleanup;
    private int _cleanedUp;

    public LiveCluster(LiveClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        Namespace = new RunNamespace(options.DatabasePrefix, options.RunId ?? RunNamespace.NewRunId(options.TimeProvider));
    }

    /// <summary>The run's names: its databases and replication documents on shared servers, the tag in its event ids.</summary>
    public RunNamespace Namespace { get; }

    /// <summary>
    /// After disposal: what was removed from shared servers (or could not be), in one line; null when the run used no
    /// shared server (its servers were started for it and stopped with it).
    /// </summary>
    public string? CleanupSummary { get; private set; }

    /// <summary>True when at least one region lives on a server the run shares (reached by URL, not started by it).</summary>
    public bool UsesSharedServers => _regions.Any(r => r.IsShared);

    /// <summary>What each region's server is (e.g. <c>CouchDB 3.5.0</c>, <c>pouchdb-server 4.2.0</c>), after start.</summary>
    public IReadOnlyList<string> ServerProducts => _regions.Select(r => r.Traits.Product).ToArray();

    /// <summary>The id of the replication document of the link <paramref name="from"/>→<paramref name="to"/>.</summary>
    public string ReplicationDocumentId(RegionId from, RegionId to) => Namespace.ReplicationId(from.Value, to.Value);

    public string Name => "live";

    public TimeSpan Elapsed => _started ? _options.TimeProvider.GetElapsedTime(_startTimestamp) : TimeSpan.Zero;

    /// <summary>The replica servers, in region order (after start).</summary>
    public ReplicaSet Replicas => _replicas ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>The fault proxy's API address (after start).</summary>
    public Uri ToxiproxyAddress => _toxiproxy?.BaseAddress ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>Every server process id this cluster started (restarts included), to check that none outlives it.</summary>
    public IReadOnlyCollection<int> ProcessIds
    {
        get
        {
            lock (_processIds) return _processIds.ToArray();
        }
    }

    /// <summary>Every heal timed so far: per link, from the heal to the first document the target lacked.</summary>
    public IReadOnlyList<LinkHealTiming> HealTimings => _supervisor?.HealTimings ?? [];

    /// <summary>A region's event database, e.g. to plant a foreign document in a test.</summary>
    public CouchDatabase DatabaseOf(RegionId region) => _regions[RegionIndex(region)].Database;

    public async ValueTask StartAsync(Scenario scenario, RunRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(recorder);
        if (_replicas is not null) throw new InvalidOperationException("A live cluster runs one scenario; create another for the next.");
        var checkpoints = Path.Combine(_options.RunFolder, "checkpoints");
        Directory.CreateDirectory(checkpoints);

        _replicas = await _options.CreateProvider(Namespace).StartAsync(scenario.Regions.Select(r => r.Value).ToArray(), cancellationToken).ConfigureAwait(false);
        NoteProcessIds();
        _regions = scenario.Regions.Select((id, i) => new LiveRegion(i, id, _replicas[i], Namespace)).ToArray();
        if (UsesSharedServers)
        {
            // From here the run has databases on shared servers: they go even if the process exits without disposing.
            _exitCleanup = (_, _) => CleanUpOnProcessExit();
            AppDomain.CurrentDomain.ProcessExit += _exitCleanup;
        }

        foreach (var region in _regions) region.Traits = await ReplicaServerTraits.ReadAsync(region.Client, cancellationToken).ConfigureAwait(false);
        _toxiproxy = await ToxiproxyBackend.ResolveAsync(_options.ToxiproxyUrl, cancellationToken).ConfigureAwait(false);
        _proxies = await LinkProxies.CreateAsync(_toxiproxy.Client, _regions, scenario.Links, _options.ReplicateThroughProxies, cancellationToken, _options.ReplicationFields).ConfigureAwait(false);

        // The run's clock starts once servers and proxies are up: start-up is not part of the scenario's time.
        _startTimestamp = _options.TimeProvider.GetTimestamp();
        _context = new LiveRunContext(_options, recorder, new EventCodec(recorder.Catalog), _startTimestamp);
        _projectors = _regions.Select(r => new RegionProjector(r, _context, new ReadModel(recorder.Catalog, recorder.Catalog.Store.Open(recorder.Catalog, r.Id)), checkpoints)).ToArray();
        _appenders = _regions.Select(r => new RegionAppender(r, _context)).ToArray();
        _supervisor = new ReplicationSupervisor(_regions, _proxies, _context);
        _started = true;
        await _supervisor.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var projector in _projectors) projector.Start();
        _sampler = Task.Run(() => SampleLoopAsync(scenario.DigestSampleInterval, _sampling.Token));
    }

    public async ValueTask AdvanceToAsync(TimeSpan at, CancellationToken cancellationToken)
    {
        ThrowIfAHandlerThrew();
        // A timer may fire a little before the monotonic clock reaches the instant (coarse timer ticks): wait again.
        for (var wait = at - Elapsed; wait > TimeSpan.Zero; wait = at - Elapsed)
        {
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        ThrowIfAHandlerThrew();
    }

    public ReadModel StateOf(RegionId region) => _projectors[RegionIndex(region)].PublishedState();

    public async ValueTask<EventEnvelope> AppendAsync(RegionId region, DomainEvent payload, CancellationToken cancellationToken) =>
        await _appenders[RegionIndex(region)].AppendAsync(payload, cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<EventEnvelope>> AppendBatchAsync(RegionId region, IReadOnlyList<DomainEvent> payloads, CancellationToken cancellationToken) =>
        await _appenders[RegionIndex(region)].AppendBatchAsync(payloads, cancellationToken).ConfigureAwait(false);

    /// <summary>The requests the harness has sent each region's server so far, by purpose (region order).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, long>> HarnessRequests => _regions.Select(r => r.Requests.Snapshot()).ToArray();

    /// <summary>
    /// Partition(A|B): proxies a->b and b->a disabled. Isolate(A): every proxy touching A disabled. Flapping: those of
    /// the pair disabled and enabled on a timer. Latency: a latency toxic on a->b. Bandwidth: bandwidth toxics on
    /// a->b. Blackhole(A|B): timeout toxics (timeout 0: bytes held, connections kept) both ways on both proxies.
    /// ResetPeer(A|B): reset_peer toxics (RST on first data) on both proxies. ProjectorCrash: the projector stops and
    /// loses its model. ReplicaRestart: the server is SIGKILLed (an external server cannot be: its links are cut instead).
    /// </summary>
    public async ValueTask ApplyFaultAsync(int faultId, Fault fault, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (_faults.ContainsKey(faultId)) throw new InvalidOperationException($"fault #{faultId} is already active");
        var proxies = Proxies;
        if (fault.IsNetworkFault && !_options.ReplicateThroughProxies)
            throw new NotSupportedException($"{fault} needs the proxies, but this cluster replicates directly (ReplicateThroughProxies = false)");
        var active = new ActiveFault(fault);
        _faults.Add(faultId, active);
        switch (fault)
        {
            case PartitionFault p:
                await CutAsync(active, proxies.Pair(RegionIndex(p.A), RegionIndex(p.B)), cancellationToken).ConfigureAwait(false);
                break;
            case IsolateFault i:
                await CutAsync(active, proxies.Touching(RegionIndex(i.Region)), cancellationToken).ConfigureAwait(false);
                break;
            case FlappingLinkFault f:
                var flapping = proxies.Pair(RegionIndex(f.A), RegionIndex(f.B)).ToArray();
                active.Flapper = new CancellationTokenSource();
                await CutAsync(active, flapping, cancellationToken).ConfigureAwait(false);
                active.FlapTask = Task.Run(() => FlapAsync(active, flapping, f, active.Flapper.Token));
                break;
            case LinkLatencyFault l:
                var latency = l.Latency;
                await AddToxicsAsync(active, proxies.Directed(RegionIndex(l.From), RegionIndex(l.To)), holds: false, cancellationToken, new LatencyToxic
                {
                    Name = $"f{faultId}-latency",
                    Stream = ToxicDirection.DownStream,
                    LatencyMs = (long)latency.Median.TotalMilliseconds,
                    JitterMs = (long)(latency.P99 - latency.Median).TotalMilliseconds,
                }).ConfigureAwait(false);
                break;
            case BandwidthFault b:
                await AddToxicsAsync(active, proxies.Directed(RegionIndex(b.From), RegionIndex(b.To)), holds: false, cancellationToken,
                    new BandwidthToxic { Name = $"f{faultId}-bandwidth-up", Stream = ToxicDirection.UpStream, RateKBps = b.RateKBps },
                    new BandwidthToxic { Name = $"f{faultId}-bandwidth-down", Stream = ToxicDirection.DownStream, RateKBps = b.RateKBps }).ConfigureAwait(false);
                break;
            case BlackholeFault h:
                await AddToxicsAsync(active, proxies.Pair(RegionIndex(h.A), RegionIndex(h.B)), holds: true, cancellationToken,
                    new TimeoutToxic { Name = $"f{faultId}-blackhole-up", Stream = ToxicDirection.UpStream, TimeoutMs = 0 },
                    new TimeoutToxic { Name = $"f{faultId}-blackhole-down", Stream = ToxicDirection.DownStream, TimeoutMs = 0 }).ConfigureAwait(false);
                break;
            case ResetPeerFault r:
                await AddToxicsAsync(active, proxies.Pair(RegionIndex(r.A), RegionIndex(r.B)), holds: true, cancellationToken,
                    new ResetPeerToxic { Name = $"f{faultId}-reset-peer", Stream = ToxicDirection.UpStream, TimeoutMs = 0 }).ConfigureAwait(false);
                break;
            case ProjectorCrashFault c:
                await _projectors[RegionIndex(c.Region)].CrashAsync().ConfigureAwait(false);
                break;
            case ReplicaRestartFault restart:
                var region = _regions[RegionIndex(restart.Region)];
                if (region.Server is ILaunchedReplicaServer launched)
                {
                    Interlocked.Increment(ref region.ServerDown);
                    await launched.KillAsync(cancellationToken).ConfigureAwait(false);
                    Context.Count("replica.kills");
                }
                else
                {
                    await CutAsync(active, proxies.Touching(region.Index), cancellationToken).ConfigureAwait(false);
                    Context.Count("replica.restarts-emulated-by-isolation");
                }
                break;
            default:
                _faults.Remove(faultId);
                throw new NotSupportedException($"the live cluster cannot apply {fault.GetType().Name}");
        }
    }

    /// <summary>A replica restart on a server the run did not launch is played by isolating the region.</summary>
    public bool CutsLinksFor(Fault fault) =>
        fault is ReplicaRestartFault restart && _regions.Length > 0 && _regions[RegionIndex(restart.Region)].Server is not ILaunchedReplicaServer;

    public async ValueTask ClearFaultAsync(int faultId, CancellationToken cancellationToken)
    {
        if (!_faults.Remove(faultId, out var active)) return;
        if (active.Flapper is { } flapper)
        {
            await flapper.CancelAsync().ConfigureAwait(false);
            try
            {
                if (active.FlapTask is { } flapTask) await flapTask.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            flapper.Dispose();
        }

        var what = "heal " + active.Fault;
        foreach (var link in active.Cut) await HealCutAsync(link, what, cancellationToken).ConfigureAwait(false);
        foreach (var (link, toxic) in active.Toxics) await Proxies.RemoveToxicAsync(link, toxic, cancellationToken).ConfigureAwait(false);
        // Once per link, after all of its toxics are gone: the heal is timed from when the link is really whole.
        foreach (var link in active.Held) Supervisor.MarkHealed(link, disabled: false, what);

        switch (active.Fault)
        {
            case ProjectorCrashFault c:
                _projectors[RegionIndex(c.Region)].Restart();
                break;
            case ReplicaRestartFault restart when _regions[RegionIndex(restart.Region)].Server is ILaunchedReplicaServer launched:
                var region = _regions[RegionIndex(restart.Region)];
                await launched.RestartAsync(cancellationToken).ConfigureAwait(false);
                NoteProcessIds();
                Interlocked.Decrement(ref region.ServerDown);
                Supervisor.MarkRegionUp(region.Index, what);
                await _appenders[region.Index].FlushOutboxAsync(cancellationToken).ConfigureAwait(false);
                // The restarted server's own replications died with it and the others' connections to it broke:
                // restart them all now rather than wait for the stall timeout (the supervisor would do it too).
                await Supervisor.RestartLinksAsync(region.Index, "replica restart", cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    public async ValueTask<Quiescence> WaitForQuiescenceAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        var started = _options.TimeProvider.GetTimestamp();
        while (true)
        {
            ThrowIfAHandlerThrew();
            var pending = await PendingAsync(cancellationToken).ConfigureAwait(false);
            var now = Context.NowUs();
            if (pending is null) return Quiescence.ReachedAt(now);
            if (_options.TimeProvider.GetElapsedTime(started) >= bound) return Quiescence.NotReached(now, pending);
            await Task.Delay(_options.QuiescencePollInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask SampleDigestsAsync(CancellationToken cancellationToken)
    {
        SampleDigests();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Reads each region's log (its <c>_changes</c> from the start, ids mapped to recorded appends, -1 for documents that
    /// are no recorded event) and its projector. It also ends the timed digest sampling: the runner completes the record
    /// right after, and the recorder must not be written while it hands its data over (explicit samples still work).
    /// </summary>
    public async ValueTask<IReadOnlyList<RegionSnapshot>> ReadRegionsAsync(CancellationToken cancellationToken)
    {
        await _sampling.CancelAsync().ConfigureAwait(false);
        if (_sampler is not null) await IgnoreCancellation(_sampler).ConfigureAwait(false);
        var snapshots = new List<RegionSnapshot>();
        foreach (var region in _regions)
        {
            var log = new List<int>();
            var anomalies = new List<LogAnomaly>();
            var since = ChangeSequence.Start;
            while (true)
            {
                var changes = await region.Database.GetChangesAsync(new ChangesQuery { Since = since, Limit = 5000, AllLeafRevisions = true },
                    cancellationToken).ConfigureAwait(false);
                foreach (var row in changes.Results)
                {
                    var index = Context.Read(r => r.IndexOf(new EventId(row.Id)));
                    // Event documents are written once and never touched again (law L0); other documents are not ours to judge.
                    if (index >= 0 && EventDocumentAnomaly(row) is { } anomaly) anomalies.Add(anomaly);
                    if (row.Deleted) continue;
                    log.Add(index);
                }
                since = changes.LastSequence;
                if (changes.Results.Count < 5000) break;
            }

            var (position, deliveries, view, state, conflicts) = _projectors[region.Index].Snapshot();
            snapshots.Add(new RegionSnapshot(region.Id, log, position, deliveries, view, state, conflicts, anomalies));
        }

        foreach (var link in Proxies.Links) Context.Count($"replication.generation.{link.Name}", link.Replication.Generation);
        foreach (var region in _regions)
            foreach (var (kind, count) in region.Requests.Snapshot()) Context.Count($"harness.requests.{region.Id.Value}.{kind}", count);
        return snapshots;
    }

    /// <summary>What is wrong with an event document's change row, if anything: deleted, in conflict (several leaves) or updated (not revision 1).</summary>
    internal static LogAnomaly? EventDocumentAnomaly(ChangeRow row)
    {
        if (row.Deleted) return new LogAnomaly(row.Id, LogAnomalyKind.Deleted, string.Join(", ", row.Revisions));
        if (row.Revisions.Count > 1) return new LogAnomaly(row.Id, LogAnomalyKind.Conflicted, $"leaf revisions {string.Join(", ", row.Revisions)}");
        if (row.Revisions.Count == 1 && !row.Revisions[0].StartsWith("1-", StringComparison.Ordinal))
            return new LogAnomaly(row.Id, LogAnomalyKind.Updated, $"revision {row.Revisions[0]}");
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _sampling.CancelAsync().ConfigureAwait(false);
        if (_sampler is not null) await IgnoreCancellation(_sampler).ConfigureAwait(false);
        foreach (var active in _faults.Values)
        {
            if (active.Flapper is null) continue;
            await active.Flapper.CancelAsync().ConfigureAwait(false);
            if (active.FlapTask is not null) await IgnoreCancellation(active.FlapTask).ConfigureAwait(false);
        }

        if (_supervisor is not null) await _supervisor.DisposeAsync().ConfigureAwait(false);
        foreach (var projector in _projectors) await projector.DisposeAsync().ConfigureAwait(false);
        using (var cleanupBound = new CancellationTokenSource(CleanupBound))
        {
            await CleanUpSharedServersAsync(cleanupBound.Token).ConfigureAwait(false);
        }

        if (_exitCleanup is not null) AppDomain.CurrentDomain.ProcessExit -= _exitCleanup;
        if (_proxies is not null && _toxiproxy is { IsEmbedded: false })
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _proxies.DeleteAllAsync(timeout.Token).ConfigureAwait(false);
        }

        if (_toxiproxy is not null) await _toxiproxy.DisposeAsync().ConfigureAwait(false);
        foreach (var region in _regions) region.Dispose();
        if (_replicas is not null) await _replicas.DisposeAsync().ConfigureAwait(false);
        _sampling.Dispose();
    }

    // Deleting a few documents and databases takes milliseconds; a server that does not answer must not hold the exit.
    private static readonly TimeSpan CleanupBound = TimeSpan.FromSeconds(10);

    /// <summary>Once per cluster, whichever comes first: disposal or the process exiting.</summary>
    private async Task CleanUpSharedServersAsync(CancellationToken cancellationToken)
    {
        if (!UsesSharedServers || Interlocked.Exchange(ref _cleanedUp, 1) != 0) return;
        CleanupSummary = await SharedServerCleanup.RunAsync(_regions, _proxies?.Links ?? [], _options.KeepDatabases, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The process is exiting (test host shutting down, SIGTERM with nobody handling it) while the run still has
    /// documents on shared servers. Process-exit handlers are synchronous, so this one blocks, bounded.
    /// </summary>
    internal void CleanUpOnProcessExit()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            // A process-exit handler cannot be async: waiting here is the only way the deletions happen at all.
            CleanUpSharedServersAsync(bound.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private LinkProxies Proxies => _proxies ?? throw new InvalidOperationException("The cluster has not started.");

    private ReplicationSupervisor Supervisor => _supervisor ?? throw new InvalidOperationException("The cluster has not started.");

    private LiveRunContext Context => _context ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>Null when quiescent: every log holds every appended event and every projector has processed its whole log.</summary>
    private async Task<string?> PendingAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var down = _regions.Where(r => !r.IsServerUp).Select(r => r.Id.Value).ToArray();
        if (down.Length > 0) text.Append("replica down: ").AppendJoin(", ", down).Append("; ");
        await Supervisor.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var appended = Context.Read(r => Enumerable.Range(0, r.EventCount).Select(i => r.Envelope(i).Id.Value).ToArray());
        var logsComplete = true;
        foreach (var region in _regions)
        {
            var present = Supervisor.Present(region.Index);
            var missing = appended.Where(id => !present.Contains(id)).ToArray();
            if (missing.Length > 0)
            {
                logsComplete = false;
                text.Append($"log {region.Id} misses {missing.Length} of {appended.Length} events (first: {missing[0]}); ");
            }

            var projector = _projectors[region.Index];
            if (projector.IsDown) text.Append($"projector {region.Id} is down; ");
            else if (!projector.HasProcessedAll(present, out var behind)) text.Append($"projector {region.Id} is {behind} documents behind its log; ");
            if (projector.Failure is { } failure) text.Append($"projector {region.Id} stopped: {failure.Message}; ");
            if (_appenders[region.Index].Deferred > 0) text.Append($"outbox {region.Id} holds {_appenders[region.Index].Deferred}; ");
        }

        if (!logsComplete) foreach (var link in Supervisor.DescribeLinks()) text.Append(link).Append("; ");
        return text.Length == 0 ? null : text.ToString().TrimEnd(' ', ';');
    }

    /// <summary>
    /// A handler that threw in a projector's task is rethrown on the runner's path, as the simulator's would be, so the
    /// run ends as a progress violation (L4) naming the handler's exception rather than as a liveness failure.
    /// </summary>
    private void ThrowIfAHandlerThrew()
    {
        foreach (var projector in _projectors)
        {
            if (projector.HandlerFailure is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private void SampleDigests()
    {
        if (_context is null) return;
        var digests = _projectors.Select(p => p.Digest()).ToArray();
        var now = _context.NowUs();
        _context.Record(r => r.RecordDigests(now, digests));
    }

    private async Task SampleLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(interval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            SampleDigests();
        }
    }

    private async Task CutAsync(ActiveFault active, IEnumerable<LiveLink> links, CancellationToken cancellationToken)
    {
        foreach (var link in links)
        {
            active.Cut.Add(link);
            await DisableAsync(link, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DisableAsync(LiveLink link, CancellationToken cancellationToken)
    {
        await link.Switch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Supervisor.MarkCut(link, disabled: true);
            if (link.Disabled == 1) await Proxies.SetEnabledAsync(link, false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            link.Switch.Release();
        }
    }

    /// <summary>The proxy is enabled again only when no other active fault keeps it disabled; the heal is timed from then.</summary>
    private async Task HealCutAsync(LiveLink link, string what, CancellationToken cancellationToken)
    {
        await link.Switch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (link.Disabled == 1) await Proxies.SetEnabledAsync(link, true, cancellationToken).ConfigureAwait(false);
            Supervisor.MarkHealed(link, disabled: true, what);
        }
        finally
        {
            link.Switch.Release();
        }
    }

    private async Task AddToxicsAsync(
        ActiveFault active, IEnumerable<LiveLink> links, bool holds, CancellationToken cancellationToken, params Toxic[] toxics)
    {
        foreach (var link in links)
        {
            if (holds)
            {
                Supervisor.MarkCut(link, disabled: false);
                active.Held.Add(link);
            }

            foreach (var toxic in toxics)
            {
                await Proxies.AddToxicAsync(link, Copy(toxic), cancellationToken).ConfigureAwait(false);
                active.Toxics.Add((link, toxic.Name!));
            }
        }
    }

    /// <summary>One toxic object per proxy: the client fills in the server's answer, so instances are not shared.</summary>
    private static Toxic Copy(Toxic toxic) => toxic switch
    {
        LatencyToxic l => new LatencyToxic { Name = l.Name, Stream = l.Stream, LatencyMs = l.LatencyMs, JitterMs = l.JitterMs },
        BandwidthToxic b => new BandwidthToxic { Name = b.Name, Stream = b.Stream, RateKBps = b.RateKBps },
        TimeoutToxic t => new TimeoutToxic { Name = t.Name, Stream = t.Stream, TimeoutMs = t.TimeoutMs },
        ResetPeerToxic r => new ResetPeerToxic { Name = r.Name, Stream = r.Stream, TimeoutMs = r.TimeoutMs },
        _ => toxic,
    };

    /// <summary>The pair starts down (cut by the apply); it goes up after DownFor, down again after UpFor, until cleared.</summary>
    private async Task FlapAsync(ActiveFault active, LiveLink[] links, FlappingLinkFault flap, CancellationToken cancellationToken)
    {
        var down = true;
        while (true)
        {
            await Task.Delay(down ? flap.DownFor : flap.UpFor, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            foreach (var link in links)
            {
                if (down) await HealCutAsync(link, "flap up " + flap, CancellationToken.None).ConfigureAwait(false);
                else await DisableAsync(link, CancellationToken.None).ConfigureAwait(false);
            }
            down = !down;
            // While up, the clear must not heal the links again; while down, it must.
            lock (active.Cut)
            {
                active.Cut.Clear();
                if (down) active.Cut.AddRange(links);
            }
        }
    }

    private void NoteProcessIds()
    {
        lock (_processIds)
        {
            foreach (var server in _replicas ?? (IEnumerable<IReplicaServer>)[])
            {
                if (server is ILaunchedReplicaServer { ProcessId: { } pid }) _processIds.Add(pid);
            }
        }
    }

    private int RegionIndex(RegionId region)
    {
        for (var i = 0; i < _regions.Length; i++) if (_regions[i].Id == region) return i;
        throw new ArgumentException($"no region '{region}' in this cluster", nameof(region));
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>What one fault did, so its heal undoes exactly that.</summary>
    private sealed class ActiveFault(Fault fault)
    {
        public Fault Fault { get; } = fault;

        /// <summary>Links whose proxy this fault disabled (a flapping fault updates it as it toggles).</summary>
        public List<LiveLink> Cut { get; } = [];

        public List<(LiveLink Link, string Toxic)> Toxics { get; } = [];

        /// <summary>Links whose toxics hold or reset connections (the supervisor counts them as cut).</summary>
        public List<LiveLink> Held { get; } = [];

        public CancellationTokenSource? Flapper { get; set; }

        public Task? FlapTask { get; set; }
    }
}
