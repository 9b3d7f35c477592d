using Convergence.Domain.Clock;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Convergence.Properties.Tests.Scenarios;

/// <summary>Clock edge cases as a property: whatever it observes (huge counters, far-future readings), readings only grow.</summary>
public sealed class HybridLogicalClockProperties
{
    /// <summary>One step: a local tick at a physical time, or an observed remote reading.</summary>
    public sealed record ClockStep(bool Observe, long PhysicalMs, HybridTimestamp Remote)
    {
        public override string ToString() => Observe ? $"observe {Remote} at {PhysicalMs}" : $"tick at {PhysicalMs}";
    }

    private static Arbitrary<ClockStep[]> Steps =>
        Arb.From(Gen.ArrayOf(
            from observe in Gen.Elements(true, false)
            from physical in Gen.Choose(0, 2_000)
            from wall in Gen.OneOf(Gen.Choose(0, 2_000).Select(w => (long)w), Gen.Constant(long.MaxValue / 4), Gen.Constant(10_000_000L))
            from counter in Gen.OneOf(Gen.Choose(0, 3), Gen.Constant(int.MaxValue), Gen.Constant(int.MaxValue - 1))
            select new ClockStep(observe, physical, new HybridTimestamp(wall, counter))));

    [Fact]
    public void Every_reading_is_later_than_the_one_before_and_later_than_every_followed_remote()
    {
        var property = Prop.ForAll(Steps, steps =>
        {
            var clock = new HybridLogicalClock(TimeSpan.FromMinutes(5));
            var previous = clock.Last;
            foreach (var step in steps)
            {
                if (step.Observe)
                {
                    var followed = clock.Observe(step.Remote, step.PhysicalMs);
                    if (followed && !(clock.Last > step.Remote)) return false.Label($"not after followed {step.Remote}: {clock.Last}");
                    if (!followed && step.Remote.WallMs - step.PhysicalMs <= 300_000) return false.Label($"refused within the bound: {step}");
                }
                else if (!(clock.Tick(step.PhysicalMs) > previous)) return false.Label($"tick at {step.PhysicalMs} gave {clock.Last}, not after {previous}");
                if (clock.Last < previous || clock.Last.Counter < 0) return false.Label($"went back: {previous} -> {clock.Last}");
                // Physical time stays under 2 s and the bound is 5 min: only a counter overflow (+1 ms a step) may go past 302 s.
                if (clock.Last.WallMs > 302_000 + steps.Length) return false.Label($"followed a far-future reading: {clock.Last}");
                previous = clock.Last;
            }
            return true.ToProperty();
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }
}
