namespace Convergence.Chaos.Tests.Toxiproxy;

/// <summary>A clock that moves only when a test advances it; timers fire during <see cref="Advance"/>.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private long nowTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (gate)
        {
            return nowTicks;
        }
    }

    public override DateTimeOffset GetUtcNow() => Epoch + TimeSpan.FromTicks(GetTimestamp());

    /// <summary>How far ahead each pending timer is due.</summary>
    public IReadOnlyList<TimeSpan> PendingTimers()
    {
        lock (gate)
        {
            return timers.Select(t => TimeSpan.FromTicks(t.DueTicks - nowTicks)).ToList();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (gate)
        {
            nowTicks += by.Ticks;
            due = timers.Where(t => t.DueTicks <= nowTicks).ToList();
            foreach (var timer in due)
            {
                timers.Remove(timer);
            }
        }

        // Callbacks run outside the lock: they may create or change timers.
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime)
    {
        lock (gate)
        {
            timers.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueTicks = nowTicks + Math.Max(0, dueTime.Ticks);
                timers.Add(timer);
            }
        }

        if (dueTime == TimeSpan.Zero)
        {
            Advance(TimeSpan.Zero);
        }
    }

    private void Unschedule(ManualTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan period = Timeout.InfiniteTimeSpan;

        public long DueTicks { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            this.period = period;
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire()
        {
            callback(state);
            if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
            {
                owner.Schedule(this, period);
            }
        }

        public void Dispose() => owner.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
