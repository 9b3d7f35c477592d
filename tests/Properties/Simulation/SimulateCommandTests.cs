using Convergence.Cli;
using Convergence.Domain.Modules;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Simulate_ConvergingRun_ExitsZeroAndPrintsSeedAndReplay()
    {
        var (code, output) = _cli.Run("simulate", "--scenario", "steady", "--seed", "3", "--duration", "3s", "--out", _cli.OutDirectory);

        Assert.Equal(ExitCodes.Converged, code);
        Assert.Contains("verdict: Converged", output);
        Assert.Contains("seed: 3", output);
        Assert.Contains("convergence simulate --scenario steady --seed 3 --regions 3 --duration 3s --rate 20 --topology mesh", output);
        Assert.Single(Directory.GetDirectories(_cli.OutDirectory));
    }

    [Fact]
    public void Simulate_OrderDependentModule_ExitsOneWithCounterexample()
    {
        var naive = Convergence.Properties.Tests.Generators.Catalogs.Naive;

        var (code, output) = _cli.Run(naive, "simulate", "--scenario", "partition", "--seed", "42", "--duration", "30s", "--out", _cli.OutDirectory);

        Assert.Equal(ExitCodes.LawFailed, code);
        Assert.Contains("SafetyViolation", output);
        Assert.Contains("counterexample:", output);
        Assert.Contains("social/", output);
    }

    [Fact]
    public void Simulate_ConvergeBoundTooTight_ExitsOneWithTheBoundInTheReplay()
    {
        var (code, output) = _cli.Run("simulate", "--scenario", "partition", "--seed", "1", "--duration", "10s",
            "--converge-within", "1ms", "--out", _cli.OutDirectory);

        Assert.Equal(ExitCodes.LawFailed, code);
        Assert.Contains("verdict: LivenessViolation", output);
        Assert.Contains("--converge-within 1ms", output);
    }

    [Theory]
    [InlineData("simulate", "--bogus")]
    [InlineData("simulate", "--scenario", "nope")]
    [InlineData("simulate", "--duration", "soon")]
    [InlineData("simulate", "--topology", "tree")]
    [InlineData("simulate", "--seed", "abc")]
    [InlineData("simulate", "--seed", "-1")]
    [InlineData("simulate", "--regions", "1")]
    [InlineData("simulate", "--regions", "x")]
    [InlineData("simulate", "--rate", "0")]
    [InlineData("simulate", "--scenario")]
    [InlineData("simulate", "--converge-within", "never")]
    [InlineData("simulatee")]
    public void Simulate_BadArguments_ExitsTwoWithOneLine(params string[] args)
    {
        var (code, output) = _cli.Run([.. args, "--out", _cli.OutDirectory]);

        Assert.Equal(ExitCodes.BadArguments, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{output}");
        Assert.StartsWith("error:", lines[0]);
        Assert.DoesNotContain(" at ", output);
    }
}
