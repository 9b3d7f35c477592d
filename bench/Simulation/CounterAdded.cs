using Convergence.Domain.Events;

namespace Convergence.Benchmarks.Simulation;

/// <summary>The benchmark's only event: add <see cref="Amount"/> to counter <see cref="Key"/>.</summary>
[EventType("v1.BenchCounterAdded")]
public sealed record CounterAdded(int Key, int Amount) : DomainEvent;
