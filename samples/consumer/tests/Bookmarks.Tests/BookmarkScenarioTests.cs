using Convergence.Simulator.Checks;
using Convergence.Testing.Scenarios;

namespace Bookmarks.Tests;

/// <summary>Whole simulated runs: regions acting on what they see, a partition, a heal, then every region must agree.</summary>
public sealed class BookmarkScenarioTests
{
    [Fact]
    public async Task Every_region_converges_after_a_partition()
    {
        var outcome = await ConvergenceScenarios.Partition(new BookmarkModule(), seed: 42).RunAsync();

        Assert.Equal(RunStatus.Converged, outcome.Status);
        Assert.Contains(outcome.Record.Envelopes, e => e.Payload is PostBookmarked);
    }
}
