using System.Globalization;
using Convergence.Cluster.CouchDb;
using Convergence.Simulator.Engine;

namespace Convergence.Cluster.Live;

/// <summary>
/// Keeps every link's continuous replication alive. pouchdb-server never updates a replication's status (a stalled
/// replication still reads <c>triggered</c>), so the supervisor judges progress itself: it follows which document ids
/// each database holds (a normal <c>_changes</c> poll per region per <see cref="LiveClusterOptions.SupervisorInterval"/>)
/// and, per link a→b, which ids a holds that b lacks. A link that is open (no fault cuts it, both servers up) and whose
/// target has received none of them for <see cref="LiveClusterOptions.StallTimeout"/> is restarted: its
/// <c>_replicator</c> document is deleted and stored again with the next generation (an identical body would be
/// ignored), and the replication resumes from its checkpoint. It also times every heal: from the heal to the first
/// document the target lacked then (<see cref="HealTimings"/>, and counters in the run record).
/// </summary>
internal sealed class ReplicationSupervisor : IAsyncDisposable
{
    private const int ChangesPage = 1000;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ProbeBound = TimeSpan.FromMinutes(2);

    private readonly IReadOnlyList<LiveRegion> _regions;
    private readonly LinkProxies _proxies;
    private readonly LiveRunContext _context;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);
    // The loop and a replica restart may recreate the same document at once: one at a time, or they conflict.
    private readonly SemaphoreSlim _restart = new(1, 1);
    private readonly HashSet<string>[] _present;
    private readonly ChangeSequence[] _since;
    private readonly List<LinkHealTiming> _timings = [];
    private readonly List<Task> _probes = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _heals;

    public ReplicationSupervisor(IReadOnlyList<LiveRegion> regions, LinkProxies proxies, LiveRunContext context)
    {
        _regions = regions;
        _proxies = proxies;
        _context = context;
        _present = regions.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        _since = new ChangeSequence[regions.Count];
    }

    public IReadOnlyList<LinkHealTiming> HealTimings
    {
        get
        {
            lock (_gate) return _timings.ToArray();
        }
    }

    /// <summary>Stores every link's replication document and starts watching.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = _context.NowUs();
        foreach (var link in _proxies.Links)
        {
            var replicator = _regions[link.From].Client.Replicator;
            try
            {
                await replicator.PutAsync(link.Replication, cancellationToken).ConfigureAwait(false);
                link.Stored = true;
            }
            catch (CouchConflictException exception)
            {
                // The id carries this run's id: whoever wrote it, it was not this run. Never take over someone's document.
                throw new ClusterFailureException(
                    $"foreign document collision: _replicator/{link.Replication.Id} already exists on {_regions[link.From].Server.BaseUri} and was not written by this run", exception);
            }
            catch (CouchException exception) when (exception is not CouchConflictException)
            {
                // pouchdb-server answers an existing (triggered) document with 403 "Only the replicator can edit …", not 409.
                if (await replicator.GetAsync(link.Replication.Id, cancellationToken).ConfigureAwait(false) is not null)
                {
                    throw new ClusterFailureException(
                        $"foreign document collision: _replicator/{link.Replication.Id} already exists on {_regions[link.From].Server.BaseUri} and was not written by this run", exception);
                }

                throw new ClusterFailureException(
                    $"{_regions[link.From].Server.BaseUri} refused the replication document {link.Replication.Id} ({(int)exception.StatusCode} {exception.Error}: {exception.Reason})", exception);
            }

            link.OpenSinceUs = now;
        }

        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    /// <summary>The ids region <paramref name="region"/>'s database held at the last refresh (a copy).</summary>
    public IReadOnlySet<string> Present(int region)
    {
        lock (_gate) return new HashSet<string>(_present[region], StringComparer.Ordinal);
    }

    /// <summary>A fault cut the link: a disabled proxy, or a toxic that holds or resets its connections.</summary>
    public void MarkCut(LiveLink link, bool disabled)
    {
        lock (_gate)
        {
            if (disabled) link.Disabled++;
            else link.Held++;
        }
    }

    /// <summary>A cut ended; when the link is open again its progress clock restarts and the heal is timed.</summary>
    public void MarkHealed(LiveLink link, bool disabled, string what)
    {
        lock (_gate)
        {
            if (disabled) link.Disabled = Math.Max(0, link.Disabled - 1);
            else link.Held = Math.Max(0, link.Held - 1);
            if (link.IsOpen) Reopened(link, what);
        }
    }

    /// <summary>A region's server came back (restart): links touching it restart their progress clock and are timed.</summary>
    public void MarkRegionUp(int region, string what)
    {
        lock (_gate)
        {
            foreach (var link in _proxies.Touching(region)) if (link.IsOpen) Reopened(link, what);
        }
    }

    /// <summary>Restarts every replication touching a region at once (after its server restarted, their connections are dead).</summary>
    public async Task RestartLinksAsync(int region, string why, CancellationToken cancellationToken)
    {
        foreach (var link in _proxies.Touching(region).ToArray())
        {
            try
            {
                await RestartAsync(link, why, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is CouchException || IsUnreachable(exception, cancellationToken))
            {
                // Not fatal: the link stays stalled and the loop restarts it after the stall timeout.
                _context.Count("replication.restart-errors");
            }
        }
    }

    /// <summary>Reads every region's new changes now (quiescence checks call it; the loop calls it every interval).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var r = 0; r < _regions.Count; r++)
            {
                if (!_regions[r].IsServerUp) continue;
                try
                {
                    await ReadNewIdsAsync(r, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (IsUnreachable(exception, cancellationToken))
                {
                    // The server is restarting or overloaded: judged again next time.
                }
            }
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Per link still missing documents: "eu->ap misses 12 (open)", for pending reasons.</summary>
    public IEnumerable<string> DescribeLinks()
    {
        lock (_gate)
        {
            return _proxies.Links.Where(l => l.Missing.Count > 0)
                .Select(l => $"{l.Name} misses {l.Missing.Count} ({(l.IsOpen ? "open" : "cut")}, gen {l.Replication.Generation})")
                .ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] tasks;
        lock (_gate) tasks = _probes.ToArray();
        try
        {
            if (_loop is not null) await _loop.ConfigureAwait(false);
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _refresh.Dispose();
        _restart.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_context.Options.SupervisorInterval, _context.Time, cancellationToken).ConfigureAwait(false);
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                foreach (var (link, waited) in WaitingLinks())
                {
                    if (await RestartReasonAsync(link, waited, cancellationToken).ConfigureAwait(false) is { } why)
                    {
                        await RestartAsync(link, why, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (IsUnreachable(exception, cancellationToken) || exception is CouchException)
            {
                _context.Count("supervisor.errors");
            }
        }
    }

    /// <summary>Open links whose target lacks documents, with how long they have waited for one to arrive.</summary>
    private List<(LiveLink Link, TimeSpan Waited)> WaitingLinks()
    {
        var now = _context.NowUs();
        // Below the shortest bound of either rule nothing can be decided: no need to ask a scheduler.
        var options = _context.Options;
        var shortest = TimeSpan.FromTicks(Math.Min(options.StallTimeout.Ticks, options.SchedulerCrashGrace.Ticks));
        var waiting = new List<(LiveLink, TimeSpan)>();
        lock (_gate)
        {
            foreach (var link in _proxies.Links)
            {
                if (!link.IsOpen || link.Missing.Count == 0 || !_regions[link.From].IsServerUp || !_regions[link.To].IsServerUp) continue;
                // Waiting starts at the latest of: the link opening, the last arrival, and the oldest id still missing.
                var oldest = link.Missing.Values.Min();
                var waitingSince = Math.Max(Math.Max(link.OpenSinceUs, link.LastProgressUs), oldest);
                var waited = TimeSpan.FromTicks((now - waitingSince) * TimeSpan.TicksPerMicrosecond);
                if (waited > shortest) waiting.Add((link, waited));
            }
        }
        return waiting;
    }

    /// <summary>
    /// Why the link must be recreated now, or null to leave it. Without a scheduler (pouchdb-server) the data decides
    /// alone: no progress for the stall timeout. With one (CouchDB 3) the job's state decides how long to wait
    /// (<see cref="SchedulerRestartPolicy"/>), so the supervisor does not fight CouchDB's own retries and startup jitter.
    /// </summary>
    private async Task<string?> RestartReasonAsync(LiveLink link, TimeSpan waited, CancellationToken cancellationToken)
    {
        var source = _regions[link.From];
        if (!source.Traits.HasScheduler) return waited > _context.Options.StallTimeout ? "no progress" : null;

        SchedulerJobState state;
        try
        {
            var answer = await source.Client.GetSchedulerDocAsync(link.Replication.Id, cancellationToken).ConfigureAwait(false);
            state = answer is { IsSupported: true, Value: var doc } ? SchedulerRestartPolicy.Parse(doc.GetStringOrNull("state")) : SchedulerJobState.Unknown;
        }
        catch (CouchNotFoundException)
        {
            state = SchedulerJobState.Missing;
        }

        if (!SchedulerRestartPolicy.ShouldRestart(state, waited, _context.Options)) return null;
        return "scheduler " + state.ToString().ToLowerInvariant();
    }

    private async Task RestartAsync(LiveLink link, string why, CancellationToken cancellationToken)
    {
        if (!_regions[link.From].IsServerUp) return;
        await _restart.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = await _regions[link.From].Client.Replicator.RecreateAsync(link.Replication, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                link.Replication = next;
                link.OpenSinceUs = _context.NowUs();
                link.Restarts++;
            }
        }
        finally
        {
            _restart.Release();
        }

        _context.Count("replication.restarts");
        _context.Count($"replication.restarts.{link.Name}");
        _context.Count("replication.restarts." + why.Replace(' ', '-'));
    }

    private async Task ReadNewIdsAsync(int region, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changes = await _regions[region].Database.GetChangesAsync(
                new ChangesQuery { Since = _since[region], Limit = ChangesPage }, cancellationToken).ConfigureAwait(false);
            var now = _context.NowUs();
            lock (_gate)
            {
                foreach (var row in changes.Results)
                {
                    if (row.Deleted || row.Id.StartsWith("_design/", StringComparison.Ordinal)) continue;
                    if (_present[region].Add(row.Id)) Arrived(region, row.Id, now);
                }
            }

            if (!changes.LastSequence.IsStart) _since[region] = changes.LastSequence;
            if (changes.Results.Count < ChangesPage) return;
        }
    }

    /// <summary>Under the gate: an id newly seen in a region's database.</summary>
    private void Arrived(int region, string id, long nowUs)
    {
        foreach (var link in _proxies.Links)
        {
            if (link.From == region && !_present[link.To].Contains(id)) link.Missing.TryAdd(id, nowUs);
            if (link.To == region && link.Missing.Remove(id)) link.LastProgressUs = nowUs;
        }
    }

    /// <summary>Under the gate: the link is open again. Its progress clock restarts; if it lacks documents, time the heal.</summary>
    private void Reopened(LiveLink link, string what)
    {
        var now = _context.NowUs();
        link.OpenSinceUs = now;
        if (link.Missing.Count == 0) return;
        // Time the link with documents only it can deliver: those no other region that replicates into the target holds.
        // In a mesh, what the source lacks elsewhere may reach the target through a third region first, which says
        // nothing about this link; when every missing document is held elsewhere too, the timing says "any route".
        var otherSources = _proxies.Links.Where(l => l.To == link.To && l.From != link.From).Select(l => l.From).ToArray();
        var exclusive = link.Missing.Keys.Where(id => otherSources.All(r => !_present[r].Contains(id))).Take(50).ToArray();
        var direct = exclusive.Length > 0;
        var missing = direct ? exclusive : link.Missing.Keys.Take(50).ToArray();
        var number = ++_heals;
        _probes.Add(Task.Run(() => ProbeAsync(link, what, number, now, missing, link.Missing.Count, direct, _stop.Token)));
    }

    /// <summary>Polls the target (every 10 ms) for the documents it lacked at the heal; the first that appears ends the timing.</summary>
    private async Task ProbeAsync(
        LiveLink link, string what, int number, long healedAtUs, string[] missing, int missingCount, bool direct, CancellationToken cancellationToken)
    {
        var target = _regions[link.To].Database;
        TimeSpan? first = null;
        try
        {
            while (_context.NowUs() - healedAtUs < ProbeBound.Ticks / TimeSpan.TicksPerMicrosecond)
            {
                try
                {
                    var rows = await target.GetAllDocsAsync(new AllDocsQuery { Keys = missing }, cancellationToken).ConfigureAwait(false);
                    if (rows.Rows.Any(r => r.Error is null && r.Id is not null))
                    {
                        first = TimeSpan.FromTicks((_context.NowUs() - healedAtUs) * TimeSpan.TicksPerMicrosecond);
                        break;
                    }
                }
                catch (Exception exception) when (IsUnreachable(exception, cancellationToken))
                {
                }

                await Task.Delay(ProbeInterval, _context.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return; // the run ended before anything arrived; no timing is better than a wrong one
        }

        var timing = new LinkHealTiming(link.Name, what, healedAtUs, first, missingCount) { Direct = direct };
        lock (_gate) _timings.Add(timing);
        // Only direct timings carry the key the report lists per link; the others are kept apart.
        var key = $"heal.{number.ToString("D3", CultureInfo.InvariantCulture)}.{link.Name}.{(direct ? "first-document-ms" : "first-document-any-route-ms")}";
        _context.Count(key, first is { } t ? (long)Math.Round(t.TotalMilliseconds) : -1);
    }

    private static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => false,
        CouchException couch => (int)couch.StatusCode >= 500,
        HttpRequestException or IOException or TimeoutException or OperationCanceledException or System.Text.Json.JsonException => true,
        _ => false,
    };
}
