using Convergence.Domain.Clock;

namespace Convergence.Properties.Tests.Scenarios;

/// <summary>A hybrid clock orders causally later events after earlier ones, even when physical clocks lag.</summary>
public sealed class HybridLogicalClockTests
{
    [Fact]
    public void An_event_after_receiving_a_remote_one_is_stamped_later_even_with_a_slow_physical_clock()
    {
        var remote = new HybridLogicalClock().Tick(1_000);
        var local = new HybridLogicalClock();
        local.Observe(remote, physicalMs: 10);

        Assert.True(local.Tick(10) > remote);
    }

    [Fact]
    public void Ticks_in_the_same_millisecond_increase_the_counter()
    {
        var clock = new HybridLogicalClock();
        var first = clock.Tick(5);
        var second = clock.Tick(5);

        Assert.Equal(new HybridTimestamp(5, 1), second);
        Assert.True(second > first);
    }
}
