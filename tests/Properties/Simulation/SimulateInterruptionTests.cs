using System.Diagnostics;
using System.Text.Json;
using Convergence.Cli;
using Convergence.Cli.Lifetime;
using Convergence.Domain.Identity;
using Convergence.Domain.Modules;
using Convergence.Domain.Social;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Spectre.Console;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>
/// <c>simulate</c> stopped by a signal: it notices within a few thousand events of virtual time, whatever the
/// <c>--duration</c>, and writes the partial report it announces.
/// </summary>
public sealed class SimulateInterruptionTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "convergence-tests", "interrupt-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AdvanceTo_WithACancelledToken_ThrowsWithinFourThousandQueueEvents()
    {
        var scenario = ScenarioCatalog.Create("steady", 1, new ScenarioOverrides(Duration: TimeSpan.FromHours(1), Rate: 20));
        await using var cluster = new SimulatedCluster();
        await cluster.StartAsync(scenario, new RunRecorder(scenario, DomainCatalog.SocialNetwork(), cluster.Name), CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // A client action per region every virtual second, as the runner drives it, the token cancelled all along: the
        // engine must notice by itself, without the runner's progress checkpoints.
        OperationCanceledException? stopped = null;
        for (var second = 1; second <= 3_600 && stopped is null; second++)
        {
            foreach (var region in scenario.Regions)
                await cluster.AppendAsync(region, new UserRegistered(new UserId($"u{second}{region}"), $"u{second}@{region}", "U"), CancellationToken.None);
            try
            {
                await cluster.AdvanceToAsync(TimeSpan.FromSeconds(second), cancelled.Token);
            }
            catch (OperationCanceledException e)
            {
                stopped = e;
            }
        }

        Assert.NotNull(stopped);
        Assert.InRange(cluster.ProcessedEvents, 1, 4_096);
    }

    [Fact]
    public async Task Simulate_CancelledEarlyInAHundredHourRun_ExitsPromptlyWithThePartialReport()
    {
        using var cancel = new CancellationTokenSource();
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        // Low rate, long run: little memory, and uninterrupted it would take minutes.
        // On its own thread: the simulation is synchronous, so RunAsync would return only at its end.
        var run = Task.Run(() => CliApp.Create(console).RunAsync(["simulate", "--duration", "100h", "--rate", "0.5", "--seed", "2", "--out", _out], cancel.Token));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var cancelledAt = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var code = await run;
        cancelledAt.Stop();

        Assert.True(code == ExitCodes.Cancelled, writer.ToString());
        // Generous upper bound on a shared machine; the point is "seconds", not "the rest of a hundred hours".
        Assert.InRange(cancelledAt.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        var folder = Assert.Single(Directory.GetDirectories(_out));
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "summary.json")));
        Assert.Equal("Interrupted", summary.RootElement.GetProperty("verdict").GetString());
        Assert.True(File.Exists(Path.Combine(folder, "trace.json")));
        Assert.DoesNotContain("counterexample", writer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("simulate")]
    [InlineData("check")]
    [InlineData("replay")]
    public void StoppingNotice_OfACommandWithoutReplicas_NamesNoReplicasOrProxies(string command)
    {
        var notice = InterruptSignals.StoppingNoticeFor([command]);

        Assert.DoesNotContain("replica", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("prox", notice, StringComparison.Ordinal);
        Assert.Contains("again to exit at once", notice, StringComparison.Ordinal);
    }

    [Fact]
    public void StoppingNotice_OfChaos_NamesItsReplicasAndTheReport()
    {
        var notice = InterruptSignals.StoppingNoticeFor(["chaos", "--scenario", "mixed"]);

        Assert.Contains("replicas and proxies", notice, StringComparison.Ordinal);
        Assert.Contains("partial report", notice, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }
}
