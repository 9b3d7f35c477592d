using Convergence.Cli;
using Convergence.Domain.Modules;
using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Simulation;

namespace Convergence.Properties.Tests.Stores;

/// <summary><c>--store</c> and <c>--checkpoint</c> on the commands that run handlers.</summary>
public sealed class StoreCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Simulate_on_the_sqlite_store_converges_through_crashes_and_replays_with_the_store()
    {
        var (code, output) = _cli.Run("simulate", "--scenario", "crash", "--seed", "3", "--duration", "5s", "--store", "sqlite", "--out", _cli.OutDirectory);

        Assert.Equal(ExitCodes.Converged, code);
        Assert.Contains("RB rebuild from the log: ok", output);
        Assert.Contains("fresh sqlite store", output);
        Assert.Contains("--topology mesh --store sqlite", output);
    }

    [Fact]
    public void Simulate_with_a_separate_checkpoint_catches_a_non_idempotent_sql_handler()
    {
        var tally = new DomainCatalog(new LikeTallyModule());

        var (code, output) = _cli.Run(tally, "simulate", "--scenario", "crash", "--seed", "5", "--duration", "20s", "--rate", "5",
            "--store", "sqlite", "--checkpoint", "separate", "--out", _cli.OutDirectory);

        Assert.Equal(ExitCodes.LawFailed, code);
        Assert.Contains("RB rebuild from the log: FAILED", output);
        Assert.Contains("--store sqlite --checkpoint separate", output);
    }

    [Theory]
    [InlineData("--store", "postgres")]
    [InlineData("--checkpoint", "separate")]
    [InlineData("--store", "sqlite", "--checkpoint", "sometimes")]
    public void Bad_store_options_exit_two_with_one_line(params string[] options)
    {
        var (code, output) = _cli.Run(["simulate", "--duration", "1s", "--out", _cli.OutDirectory, .. options]);

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains(options[^1], output);
    }

    [Fact]
    public void A_module_without_sql_handlers_on_the_sqlite_store_is_bad_input()
    {
        var (code, output) = _cli.Run(Catalogs.Naive, "simulate", "--duration", "1s", "--store", "sqlite", "--out", _cli.OutDirectory);

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("no SQL handlers", output);
    }
}
