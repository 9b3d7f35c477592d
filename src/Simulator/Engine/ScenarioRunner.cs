using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Domain.Workload;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;

namespace Convergence.Simulator.Engine;

/// <summary>
/// Plays a <see cref="Scenario"/> on any <see cref="IClusterEngine"/>: the safety phase (clients
/// act at seeded Poisson times, the nemesis applies and heals faults on schedule), then the
/// liveness phase (heal everything, stop the workload, wait for quiescence within the bound),
/// then reads every region. Produces the <see cref="RunRecord"/>; checks and reports come after.
/// </summary>
public sealed class ScenarioRunner(DomainCatalog catalog)
{
    // When a client's pick proposes nothing (nothing to comment on yet, say), it tries another action.
    private const int ProposalTries = 8;

    public DomainCatalog Catalog { get; } = catalog;

    /// <summary>
    /// On a wall-clock engine, how many appends (or batches) one region may have waiting for its server; an action due
    /// beyond it is skipped and counted. Large enough to ride out a pause of a second or two at tens of events per second.
    /// </summary>
    public int MaxInFlightPerRegion { get; init; } = 32;

    /// <summary>On a wall-clock engine, how many client actions of a region go out in one append (1: each on its own).</summary>
    public int BatchSize { get; init; } = 1;

    // After a cancellation the regions are still read (a partial report is worth having), but only this long.
    private static readonly TimeSpan InterruptedReadBound = TimeSpan.FromSeconds(5);

    public Task<RunRecord> RunAsync(
        Scenario scenario, IClusterEngine engine, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(scenario, engine, new RunRecorder(scenario, Catalog, engine.Name), progress, cancellationToken);

    /// <summary>
    /// Plays the scenario into <paramref name="recorder"/>, which the caller created to watch the run's
    /// <see cref="RunRecorder.Tally"/> while it happens. A cancellation after start does not throw: the run stops,
    /// the regions are read if they answer quickly, and the partial record comes back with
    /// <see cref="RunRecord.Interrupted"/> set, so the caller can still write a report.
    /// </summary>
    public async Task<RunRecord> RunAsync(
        Scenario scenario, IClusterEngine engine, RunRecorder recorder, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        Quiescence quiescence;
        string? failure = null;
        string? clusterFailure = null;
        var interrupted = false;
        try
        {
            await engine.StartAsync(scenario, recorder, cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterFailureException e)
        {
            // The cluster could not even be set up (a foreign document where the run's own should go, say): no handler ran.
            clusterFailure = Describe(e);
            var notStarted = Quiescence.NotReached(Us(engine.Elapsed), "the cluster failed at start: " + clusterFailure);
            progress?.Report(new RunProgress(RunPhase.Done, engine.Elapsed, scenario.SafetyPhase, recorder.EventCount));
            return recorder.Complete(notStarted, [], Us(engine.Elapsed), null, false, clusterFailure);
        }

        try
        {
            if (engine is IWallClockEngine) await RunOpenLoopSafetyPhaseAsync(scenario, engine, recorder, progress, cancellationToken).ConfigureAwait(false);
            else await RunSafetyPhaseAsync(scenario, engine, recorder, progress, cancellationToken).ConfigureAwait(false);
            progress?.Report(new RunProgress(RunPhase.Liveness, engine.Elapsed, scenario.SafetyPhase, recorder.EventCount));
            quiescence = await engine.WaitForQuiescenceAsync(scenario.LivenessBound, cancellationToken).ConfigureAwait(false);
            await engine.SampleDigestsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterFailureException e)
        {
            clusterFailure = Describe(e);
            quiescence = Quiescence.NotReached(Us(engine.Elapsed), "the cluster failed: " + clusterFailure);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Law L4: a handler threw on some delivery order. The run stops here; the record says why.
            failure = $"{e.GetType().Name}: {e.Message}";
            quiescence = Quiescence.NotReached(Us(engine.Elapsed), "a handler threw: " + failure);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
            quiescence = Quiescence.NotReached(Us(engine.Elapsed), "interrupted by the user");
        }
        IReadOnlyList<RegionSnapshot> regions;
        using var readBound = interrupted ? new CancellationTokenSource(InterruptedReadBound) : null;
        try
        {
            regions = await engine.ReadRegionsAsync(readBound?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (interrupted || (e is not OperationCanceledException && (failure ?? clusterFailure) is not null))
        {
            // A stopped or failed run may not be readable (a killed replica, say): report it without its regions.
            regions = [];
        }
        progress?.Report(new RunProgress(RunPhase.Done, engine.Elapsed, scenario.SafetyPhase, recorder.EventCount));
        return recorder.Complete(quiescence, regions, Us(engine.Elapsed), failure, interrupted, clusterFailure);
    }

    private async Task RunSafetyPhaseAsync(
        Scenario scenario, IClusterEngine engine, RunRecorder recorder, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var clients = scenario.Regions.Select(r => new RegionClients(r, scenario, Catalog)).ToArray();
        var timeline = FaultTimeline(scenario);
        var active = new SortedSet<int>();
        var end = Us(scenario.SafetyPhase);
        var progressEvery = Math.Max(1_000_000, end / 200);
        var nextProgress = 0L;
        var nextFault = 0;

        while (true)
        {
            var client = 0;
            for (var r = 1; r < clients.Length; r++) if (clients[r].NextActionUs < clients[client].NextActionUs) client = r;
            var actionAt = clients[client].NextActionUs;
            var faultAt = nextFault < timeline.Count ? timeline[nextFault].AtUs : long.MaxValue;
            var at = Math.Min(Math.Min(actionAt, faultAt), nextProgress);
            if (at >= end) break;
            await engine.AdvanceToAsync(FromUs(at), cancellationToken).ConfigureAwait(false);

            if (at == nextProgress)
            {
                progress?.Report(new RunProgress(RunPhase.Safety, FromUs(at), scenario.SafetyPhase, recorder.EventCount));
                nextProgress += progressEvery;
                cancellationToken.ThrowIfCancellationRequested();
            }
            else if (at == faultAt)
            {
                await PlayStepAsync(timeline[nextFault++], engine, recorder, active, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var region = clients[client];
                var payload = region.Propose(engine.StateOf(region.Region));
                if (payload is not null) await engine.AppendAsync(region.Region, payload, cancellationToken).ConfigureAwait(false);
                region.ScheduleNext();
            }
        }

        await engine.AdvanceToAsync(scenario.SafetyPhase, cancellationToken).ConfigureAwait(false);
        foreach (var id in active) await engine.ClearFaultAsync(id, cancellationToken).ConfigureAwait(false);
        recorder.RecordHealAll(Us(engine.Elapsed));
        await engine.SampleDigestsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The safety phase on a wall-clock engine: the fault timeline and the clients run as two loops on their own
    /// schedules, so an append that waits for a slow server cannot push a fault or a heal late (the record keeps the
    /// actual time of each next to the plan). The first loop to fail stops the other; its failure is the run's.
    /// </summary>
    private async Task RunOpenLoopSafetyPhaseAsync(
        Scenario scenario, IClusterEngine engine, RunRecorder recorder, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var active = new SortedSet<int>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The fault loop also heals everything at the planned end; the clients stop at the end of their schedule.
        var faults = Task.Run(() => RunFaultTimelineAsync(scenario, engine, recorder, active, stop.Token), CancellationToken.None);
        var clients = Task.Run(() => RunClientsAsync(scenario, engine, recorder, progress, stop.Token), CancellationToken.None);
        var first = await Task.WhenAny(faults, clients).ConfigureAwait(false);
        if (first.IsFaulted || first.IsCanceled) await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await first.ConfigureAwait(false);
        }
        finally
        {
            var other = first == faults ? clients : faults;
            try
            {
                await other.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped because the first loop failed: the first loop's failure is the one that counts.
            }
        }
    }

    /// <summary>The faults on their own schedule, then, at the planned end of the fault phase, the heal of everything.</summary>
    private static async Task RunFaultTimelineAsync(
        Scenario scenario, IClusterEngine engine, RunRecorder recorder, SortedSet<int> active, CancellationToken cancellationToken)
    {
        foreach (var step in FaultTimeline(scenario))
        {
            if (step.AtUs >= Us(scenario.SafetyPhase)) break;
            await engine.AdvanceToAsync(FromUs(step.AtUs), cancellationToken).ConfigureAwait(false);
            await PlayStepAsync(step, engine, recorder, active, cancellationToken).ConfigureAwait(false);
        }

        // An append still waiting for its server finishes after this; the liveness phase starts once it has.
        await engine.AdvanceToAsync(scenario.SafetyPhase, cancellationToken).ConfigureAwait(false);
        foreach (var id in active) await engine.ClearFaultAsync(id, cancellationToken).ConfigureAwait(false);
        recorder.RecordHealAll(Us(engine.Elapsed));
        await engine.SampleDigestsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The open-loop workload: each region's clients act on their own schedule in their own loop, and an append is sent
    /// without waiting for the previous ones (at most <see cref="MaxInFlightPerRegion"/> requests in flight per
    /// region), so a slow server neither slows the other regions nor shifts later actions. An action due while its
    /// region is at the bound is skipped and counted, never dropped silently; the counts go to the record as
    /// <c>workload.&lt;region&gt;.*</c> counters. The loops stop at the planned end of the fault phase.
    /// </summary>
    private async Task RunClientsAsync(
        Scenario scenario, IClusterEngine engine, RunRecorder recorder, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var clients = scenario.Regions.Select(r => new RegionClients(r, scenario, Catalog)).ToArray();
        var tallies = clients.Select(c => new RegionWorkloadTally(c.Region)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progressLoop = Task.Run(() => ReportProgressAsync(scenario, engine, recorder, progress, progressStop.Token), CancellationToken.None);
        var failure = new FirstFailure(stop);
        var loops = clients.Select((c, i) => Task.Run(() => RunRegionClientsAsync(c, tallies[i], scenario, engine, failure), CancellationToken.None)).ToArray();
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (Exception) when (failure.Exception is { } cause)
        {
            // One region's failure (or one append's) stopped the others: rethrow the cause, not their cancellations.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
        }
        finally
        {
            await progressStop.CancelAsync().ConfigureAwait(false);
            try
            {
                await progressLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            foreach (var tally in tallies) tally.WriteTo(recorder);
        }
    }

    private static async Task ReportProgressAsync(
        Scenario scenario, IClusterEngine engine, RunRecorder recorder, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var end = Us(scenario.SafetyPhase);
        var every = Math.Max(1_000_000, end / 200);
        for (var at = 0L; at < end; at += every)
        {
            await engine.AdvanceToAsync(FromUs(at), cancellationToken).ConfigureAwait(false);
            progress?.Report(new RunProgress(RunPhase.Safety, FromUs(at), scenario.SafetyPhase, recorder.EventCount));
        }
    }

    /// <summary>One region's schedule. With <see cref="BatchSize"/> above 1, its actions go out in groups of that many.</summary>
    private async Task RunRegionClientsAsync(
        RegionClients client, RegionWorkloadTally tally, Scenario scenario, IClusterEngine engine, FirstFailure failure)
    {
        var cancellationToken = failure.Token;
        var end = Us(scenario.SafetyPhase);
        using var slots = new SemaphoreSlim(MaxInFlightPerRegion, MaxInFlightPerRegion);
        var inFlight = new List<Task>();
        var batch = new List<DomainEvent>(BatchSize);
        try
        {
            // A client that fell behind (a starved machine) does not act past the end: the fault phase ends on time.
            while (client.NextActionUs < end && engine.Elapsed < scenario.SafetyPhase)
            {
                var at = client.NextActionUs;
                await engine.AdvanceToAsync(FromUs(at), cancellationToken).ConfigureAwait(false);
                tally.Due();
                tally.Late(Us(engine.Elapsed) - at);
                var payload = client.Propose(engine.StateOf(client.Region));
                client.ScheduleNext();
                if (payload is null)
                {
                    tally.NoProposal();
                    continue;
                }

                batch.Add(payload);
                if (batch.Count >= BatchSize) Send();
            }

            if (batch.Count > 0) Send();
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !failure.Token.IsCancellationRequested)
        {
            await failure.SetAsync(e).ConfigureAwait(false);
            throw;
        }

        void Send()
        {
            var payloads = batch.ToArray();
            batch.Clear();
            if (!slots.Wait(0))
            {
                tally.Skipped(payloads.Length);
                return;
            }

            inFlight.RemoveAll(t => t.IsCompletedSuccessfully);
            inFlight.Add(AppendAsync(client.Region, payloads, engine, tally, slots, failure));
        }
    }

    private static async Task AppendAsync(
        RegionId region, DomainEvent[] payloads, IClusterEngine engine, RegionWorkloadTally tally, SemaphoreSlim slots, FirstFailure failure)
    {
        try
        {
            if (payloads.Length > 1 && engine is IBatchAppendEngine batched)
            {
                await batched.AppendBatchAsync(region, payloads, failure.Token).ConfigureAwait(false);
            }
            else
            {
                foreach (var payload in payloads) await engine.AppendAsync(region, payload, failure.Token).ConfigureAwait(false);
            }

            tally.Stored(payloads.Length);
        }
        catch (Exception e) when (e is not OperationCanceledException || !failure.Token.IsCancellationRequested)
        {
            // The append's failure (a cluster that stopped answering, say) is the run's: every region stops.
            await failure.SetAsync(e).ConfigureAwait(false);
            throw;
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Applies or heals one fault and records when that actually happened.</summary>
    private static async Task PlayStepAsync(FaultStep step, IClusterEngine engine, RunRecorder recorder, SortedSet<int> active, CancellationToken cancellationToken)
    {
        if (step.Apply)
        {
            await engine.ApplyFaultAsync(step.Fault.Id, step.Fault.Fault, cancellationToken).ConfigureAwait(false);
            recorder.RecordFaultStart(step.Fault, Us(engine.Elapsed));
            active.Add(step.Fault.Id);
        }
        else
        {
            await engine.ClearFaultAsync(step.Fault.Id, cancellationToken).ConfigureAwait(false);
            var at = Us(engine.Elapsed);
            recorder.RecordFaultEnd(step.Fault.Id, at);
            active.Remove(step.Fault.Id);
            var cutLinks = !step.Fault.Fault.IsNetworkFault && engine is IWallClockEngine live && live.CutsLinksFor(step.Fault.Fault);
            if (cutLinks) recorder.RecordHeal(at, $"heal {step.Fault.Fault}");
            if (step.Fault.Fault.IsNetworkFault || cutLinks) await engine.SampleDigestsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(ClusterFailureException e) =>
        e.InnerException is { } cause ? $"{e.Message} ({cause.GetType().Name}: {cause.Message})" : e.Message;

    /// <summary>Applies and heals in time order; at one instant heals go first, then applies, each by fault id.</summary>
    private static List<FaultStep> FaultTimeline(Scenario scenario)
    {
        var steps = new List<FaultStep>();
        foreach (var fault in scenario.Faults)
        {
            steps.Add(new FaultStep(Us(fault.At), true, fault));
            steps.Add(new FaultStep(Us(fault.HealAt), false, fault));
        }
        steps.Sort((a, b) => a.AtUs != b.AtUs ? a.AtUs.CompareTo(b.AtUs)
            : a.Apply != b.Apply ? a.Apply.CompareTo(b.Apply)
            : a.Fault.Id.CompareTo(b.Fault.Id));
        return steps;
    }

    private static long Us(TimeSpan t) => t.Ticks / TimeSpan.TicksPerMicrosecond;

    private static TimeSpan FromUs(long us) => TimeSpan.FromTicks(us * TimeSpan.TicksPerMicrosecond);

    private sealed record FaultStep(long AtUs, bool Apply, ScheduledFault Fault);

    /// <summary>The first failure among a run's client loops and appends; it stops all of them.</summary>
    private sealed class FirstFailure(CancellationTokenSource stop)
    {
        private Exception? _exception;

        public CancellationToken Token => stop.Token;

        public Exception? Exception => Volatile.Read(ref _exception);

        public async Task SetAsync(Exception exception)
        {
            Interlocked.CompareExchange(ref _exception, exception, null);
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The clients of one region: their arrival times, their action picks and their ids.</summary>
    private sealed class RegionClients
    {
        private readonly SeededRandom _arrivals;
        private readonly SeededRandom _choices;
        private readonly IdAllocator _ids;
        private readonly ClientAction[] _actions;
        private readonly double[] _cumulative;
        private readonly double _meanGapUs;
        private ClientContext? _context;

        public RegionClients(RegionId region, Scenario scenario, DomainCatalog catalog)
        {
            Region = region;
            _arrivals = SeededRandom.Derive(scenario.Seed, "arrivals/" + region.Value);
            _choices = SeededRandom.Derive(scenario.Seed, "workload/" + region.Value);
            _ids = new IdAllocator(region);
            var overrides = scenario.Workload.WeightOverrides;
            _actions = catalog.Modules.SelectMany(m => m.ClientActions)
                .Select(a => overrides.TryGetValue(a.Name, out var w) ? a with { Weight = w } : a)
                .Where(a => a.Weight > 0)
                .ToArray();
            _cumulative = new double[_actions.Length];
            var sum = 0.0;
            for (var i = 0; i < _actions.Length; i++) _cumulative[i] = sum += _actions[i].Weight;
            var rate = scenario.Workload.RatePerRegion;
            _meanGapUs = rate > 0 && _actions.Length > 0 ? 1_000_000.0 / rate : double.PositiveInfinity;
            ScheduleNext();
        }

        public RegionId Region { get; }

        public long NextActionUs { get; private set; }

        public void ScheduleNext()
        {
            if (double.IsPositiveInfinity(_meanGapUs))
            {
                NextActionUs = long.MaxValue;
                return;
            }
            // Exponential gaps: a Poisson stream of client actions.
            var gap = -Math.Log(1.0 - _arrivals.NextDouble()) * _meanGapUs;
            NextActionUs += Math.Max(1, (long)gap);
        }

        public DomainEvent? Propose(ReadModel state)
        {
            if (_context is null || !ReferenceEquals(_context.State, state)) _context = new ClientContext(Region, state, _choices, _ids);
            var total = _cumulative[^1];
            for (var attempt = 0; attempt < ProposalTries; attempt++)
            {
                var x = _choices.NextDouble() * total;
                var i = Array.BinarySearch(_cumulative, x);
                i = i < 0 ? ~i : i + 1;
                if (i >= _actions.Length) i = _actions.Length - 1;
                if (_actions[i].Propose(_context) is { } payload) return payload;
            }
            return null;
        }
    }
}
