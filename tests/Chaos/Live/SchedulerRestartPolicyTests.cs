using Convergence.Cluster.Live;
using Xunit;

namespace Convergence.Chaos.Tests.Live;

/// <summary>
/// What the supervisor does on CouchDB 3, where it can ask the scheduler: a job that is alive gets CouchDB's startup
/// jitter and own retries; a job waiting out a backoff or gone is recreated quickly.
/// </summary>
public sealed class SchedulerRestartPolicyTests
{
    private static readonly LiveClusterOptions Defaults = new(Path.GetTempPath());

    [Theory]
    [InlineData("running", 7.9, false)]   // within stall 3 s + startup window 5 s: CouchDB's jitter and retries
    [InlineData("running", 8.1, true)]
    [InlineData("pending", 4.0, false)]
    [InlineData("initializing", 4.0, false)]
    [InlineData("crashing", 0.9, false)]  // the state a moment after a heal may still be the pre-heal one
    [InlineData("crashing", 1.1, true)]   // waiting out 30 s × 2^n of backoff: recreate
    [InlineData("failed", 1.1, true)]
    [InlineData("error", 1.1, true)]
    [InlineData(null, 2.9, false)]        // not picked up yet
    [InlineData(null, 3.1, true)]         // deleted behind the run's back
    public void ShouldRestart_ByStateAndWait(string? state, double waitedSeconds, bool restart)
    {
        Assert.Equal(restart, SchedulerRestartPolicy.ShouldRestart(SchedulerRestartPolicy.Parse(state), TimeSpan.FromSeconds(waitedSeconds), Defaults));
    }

    [Fact]
    public void Parse_UnknownState_IsUnknownAndTreatedAsAlive()
    {
        Assert.Equal(SchedulerJobState.Unknown, SchedulerRestartPolicy.Parse("paused"));
        Assert.False(SchedulerRestartPolicy.ShouldRestart(SchedulerJobState.Unknown, TimeSpan.FromSeconds(5), Defaults));
    }
}
