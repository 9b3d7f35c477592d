namespace Convergence.Simulator.Faults;

/// <summary>One fault of the schedule: applied at <see cref="At"/>, healed after <see cref="Duration"/>.</summary>
public sealed record ScheduledFault(int Id, TimeSpan At, TimeSpan Duration, Fault Fault)
{
    public TimeSpan HealAt => At + Duration;

    public override string ToString() => $"#{Id} {Fault} at {At.TotalSeconds:0.###}s for {Duration.TotalSeconds:0.###}s";
}
