using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Simulation;

namespace Convergence.Properties.Tests.Traces;

/// <summary><c>convergence replay</c> on a run's report folder: agreement exits 0, a divergence exits 1 with a small case.</summary>
public sealed class ReplayCommandTests
{
    [Fact]
    public void Replaying_a_naive_run_exits_1_with_a_shrunk_counterexample_and_a_convergent_one_exits_0()
    {
        using var cli = new CliHarness();
        var (simulated, _) = cli.Run(Catalogs.Naive, "simulate", "--scenario", "partition", "--seed", "42", "--duration", "20s", "--out", cli.OutDirectory);
        Assert.Equal(1, simulated);
        var folder = Directory.GetDirectories(cli.OutDirectory).Single();

        var (naiveExit, naiveOutput) = cli.Run(Catalogs.Naive, "replay", folder);
        var (convergentExit, convergentOutput) = cli.Run(Catalogs.Convergent, "replay", Path.Combine(folder, "trace.json"));

        Assert.Equal(1, naiveExit);
        Assert.Contains("L1 order independence falsified", naiveOutput);
        Assert.Contains("order A:", naiveOutput);
        Assert.Equal(0, convergentExit);
        Assert.Contains("every region's order gives the same read model", convergentOutput);
    }
}
