using Convergence.Simulator.Histories;

namespace Convergence.Testing.Histories;

/// <summary>A delivery order and the same events with repeats (law L2).</summary>
public sealed record Redelivery(DeliveryCase Case)
{
    public override string ToString() => Case.ToString();
}
