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

    [Fact]
    public void A_tick_after_the_largest_counter_advances_the_physical_part_instead_of_wrapping()
    {
        var clock = new HybridLogicalClock();
        clock.Observe(new HybridTimestamp(5, int.MaxValue - 1), physicalMs: 5);
        Assert.Equal(new HybridTimestamp(5, int.MaxValue), clock.Last);

        var next = clock.Tick(5);

        Assert.Equal(new HybridTimestamp(6, 0), next);
        Assert.True(next > new HybridTimestamp(5, int.MaxValue));
    }

    [Fact]
    public void Observing_the_largest_counter_still_orders_later_events_after_it()
    {
        var clock = new HybridLogicalClock();
        var remote = new HybridTimestamp(7, int.MaxValue);

        Assert.True(clock.Observe(remote, physicalMs: 7));

        Assert.True(clock.Last > remote);
        Assert.True(clock.Tick(7) > remote);
    }

    [Fact]
    public void A_remote_reading_beyond_the_drift_bound_is_not_followed_and_is_counted()
    {
        var clock = new HybridLogicalClock(TimeSpan.FromMinutes(5));
        var year9999 = new HybridTimestamp(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), 0);

        Assert.False(clock.Observe(year9999, physicalMs: 1_000));

        Assert.Equal(1, clock.DriftRejections);
        Assert.Equal(new HybridTimestamp(2_000, 0), clock.Tick(2_000));
    }

    [Fact]
    public void A_remote_reading_within_the_drift_bound_is_followed()
    {
        var clock = new HybridLogicalClock(TimeSpan.FromMinutes(5));

        Assert.True(clock.Observe(new HybridTimestamp(1_000 + 300_000, 3), physicalMs: 1_000));

        Assert.Equal(0, clock.DriftRejections);
        Assert.Equal(new HybridTimestamp(301_000, 5), clock.Tick(2_000));
    }

    [Fact]
    public void Without_the_bound_a_far_future_reading_would_pin_the_clock_there()
    {
        // Negative control: an unbounded drift (TimeSpan.MaxValue) shows what the bound protects against.
        var clock = new HybridLogicalClock(TimeSpan.MaxValue);
        var far = new HybridTimestamp(253_402_300_800_000, 0);

        Assert.True(clock.Observe(far, physicalMs: 1_000));

        Assert.Equal(far.WallMs, clock.Tick(2_000).WallMs);
    }
}
