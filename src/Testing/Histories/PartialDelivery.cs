using Convergence.Simulator.Histories;

namespace Convergence.Testing.Histories;

/// <summary>A subset of a history's events in two orders (what a lagging region has).</summary>
public sealed record PartialDelivery(DeliveryCase Case)
{
    public override string ToString() => Case.ToString();
}
