using Convergence.Domain.Envelope;
using Convergence.Domain.Events;
using Convergence.Domain.Identity;
using Convergence.Domain.Projection;
using Convergence.Simulator.Faults;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;

namespace Convergence.Simulator.Engine;

/// <summary>
/// What <see cref="ScenarioRunner"/> needs from a cluster of regions, so one scenario runs
/// unchanged on the deterministic simulator (virtual time) or on real replicas (wall-clock time).
/// An engine owns its clock; it reports appends, applies and digest samples to the
/// <see cref="RunRecorder"/> given at start, and the runner records faults and heals.
/// Calls come from one logical thread, one at a time.
/// </summary>
public interface IClusterEngine : IAsyncDisposable
{
    /// <summary>A short name written into the run record (<c>simulated</c>, <c>live</c>).</summary>
    string Name { get; }

    /// <summary>Time since <see cref="StartAsync"/> on the engine's clock (virtual or wall-clock).</summary>
    TimeSpan Elapsed { get; }

    /// <summary>Creates the regions, their logs, projectors and replication links of <paramref name="scenario"/>.</summary>
    ValueTask StartAsync(Scenario scenario, RunRecorder recorder, CancellationToken cancellationToken);

    /// <summary>Lets the cluster run until <paramref name="at"/> (since start): the simulator processes its queue, a live engine waits.</summary>
    ValueTask AdvanceToAsync(TimeSpan at, CancellationToken cancellationToken);

    /// <summary>The region's read model as its projector has built it so far; clients read it to choose what to do.</summary>
    ReadModel StateOf(RegionId region);

    /// <summary>Appends a client's event to the region's log now and returns it as stored.</summary>
    ValueTask<EventEnvelope> AppendAsync(RegionId region, DomainEvent payload, CancellationToken cancellationToken);

    /// <summary>Starts a fault; <paramref name="faultId"/> names it for <see cref="ClearFaultAsync"/>.</summary>
    ValueTask ApplyFaultAsync(int faultId, Fault fault, CancellationToken cancellationToken);

    /// <summary>Ends one fault (its heal); a crashed projector or restarted replica resumes from its checkpoints.</summary>
    ValueTask ClearFaultAsync(int faultId, CancellationToken cancellationToken);

    /// <summary>Waits until every log holds every appended event and every projector has caught up with its log,
    /// or until <paramref name="bound"/> has passed; never a fixed sleep.</summary>
    ValueTask<Quiescence> WaitForQuiescenceAsync(TimeSpan bound, CancellationToken cancellationToken);

    /// <summary>Samples every region's digest now into the recorder (divergence windows).</summary>
    ValueTask SampleDigestsAsync(CancellationToken cancellationToken);

    /// <summary>Reads each region's log, projector position and view, in scenario order.</summary>
    ValueTask<IReadOnlyList<RegionSnapshot>> ReadRegionsAsync(CancellationToken cancellationToken);
}
