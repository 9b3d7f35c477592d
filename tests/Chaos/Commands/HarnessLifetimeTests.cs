using System.Text.Json;
using Convergence.Chaos.Tests.Live;
using Convergence.Chaos.Tests.Support;
using Convergence.Cli;
using Xunit;
using Xunit.Abstractions;

namespace Convergence.Chaos.Tests.Commands;

/// <summary>
/// How the harness ends, seen from outside as a user's shell sees it: <c>kill -9</c>, a hang-up, Ctrl+C to the terminal's
/// process group, a double Ctrl+C. Each test runs <c>convergence chaos</c> as its own OS process on three embedded
/// pouchdb-servers, finds its replica servers by PID in /proc, and interrupts it a few seconds into its fault phase.
/// </summary>
[Collection(LiveClusterCollection.Name)]
public sealed class HarnessLifetimeTests(ITestOutputHelper output) : IDisposable
{
    // Generous: two shared cores, several engineers building. The harness itself needs a few seconds at most.
    private static readonly TimeSpan ReachFaultPhase = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ChildrenGoneBound = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(60);

    private readonly string _out = Path.Combine(Path.GetTempPath(), "convergence-tests", "lifetime-" + Guid.NewGuid().ToString("N"));

    [LinuxFact]
    public async Task Chaos_HarnessSigkilled_ItsReplicaServersExitWithinABound()
    {
        using var cli = await StartInFaultPhaseAsync(ownGroup: false);
        var replicas = ReplicaServers(cli);

        cli.KillHarness();
        await cli.WaitForExitAsync(ExitBound);

        await Eventually.TrueAsync(() => Task.FromResult(!replicas.Any(CliProcess.IsRunning)), ChildrenGoneBound,
            $"replica servers {string.Join(", ", replicas)} exit after their harness was SIGKILLed");
        DeleteScratchOf(cli); // kill -9 runs no code of the harness: its scratch is the one thing it cannot remove.
    }

    [LinuxFact]
    public async Task Chaos_SigHup_WritesTheInterruptedReportExits129AndStopsItsReplicas()
    {
        using var cli = await StartInFaultPhaseAsync(ownGroup: false, withEvents: true);
        var replicas = ReplicaServers(cli);

        cli.Signal("HUP");

        Assert.True(await cli.WaitForExitAsync(ExitBound), cli.ToString());
        output.WriteLine(cli.ToString());
        Assert.Equal(128 + 1, cli.ExitCode);
        Assert.Equal("Interrupted", Verdict(ReportFolder()));
        Assert.DoesNotContain(replicas, CliProcess.IsRunning);
        Assert.False(Directory.Exists(ScratchOf(cli)), "the scratch folder is removed");
    }

    [LinuxFact]
    public async Task Chaos_CtrlCToTheProcessGroup_ReachesOnlyTheHarnessAndItsReportHoldsEveryRegion()
    {
        using var cli = await StartInFaultPhaseAsync(ownGroup: true, withEvents: true);
        var replicas = ReplicaServers(cli);
        // Their own groups: a terminal's Ctrl+C (SIGINT to the foreground group) does not reach them.
        Assert.All(replicas, pid => Assert.NotEqual(cli.Id, CliProcess.ProcessGroupOf(pid)));

        cli.Signal("INT", toGroup: true);

        Assert.True(await cli.WaitForExitAsync(ExitBound), cli.ToString());
        output.WriteLine(cli.ToString());
        Assert.Equal(ExitCodes.Cancelled, cli.ExitCode);
        var folder = ReportFolder();
        Assert.Equal("Interrupted", Verdict(folder));
        using var trace = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "trace.json")));
        var regions = trace.RootElement.GetProperty("regions").EnumerateArray().ToArray();
        Assert.Equal(["eu", "us", "ap"], regions.Select(r => r.GetProperty("region").GetString()));
        Assert.All(regions, r => Assert.NotEqual(0, r.GetProperty("order").GetArrayLength()));
        Assert.DoesNotContain(replicas, CliProcess.IsRunning);
        Assert.False(Directory.Exists(ScratchOf(cli)), "the scratch folder is removed");
    }

    [LinuxFact]
    public async Task Chaos_DoubleCtrlC_ExitsAtOnceWithoutReplicasOrScratchLeft()
    {
        using var cli = await StartInFaultPhaseAsync(ownGroup: true);
        var replicas = ReplicaServers(cli);
        var scratch = ScratchOf(cli);
        Assert.True(Directory.Exists(scratch), $"the run's scratch folder {scratch} exists while it runs");

        cli.Signal("INT", toGroup: true);
        await Eventually.TrueAsync(() => Task.FromResult(cli.Stderr.Contains("stopping", StringComparison.Ordinal)), ExitBound, "the first Ctrl+C is seen");
        cli.Signal("INT", toGroup: true);

        Assert.True(await cli.WaitForExitAsync(ExitBound), cli.ToString());
        output.WriteLine(cli.ToString());
        Assert.Equal(ExitCodes.Cancelled, cli.ExitCode);
        Assert.DoesNotContain(replicas, CliProcess.IsRunning);
        Assert.False(Directory.Exists(scratch), $"the scratch folder {scratch} is removed");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_out, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>A steady 60 s run at 2 actions/s per region: long enough to be interrupted mid-way, light on the machine.</summary>
    private async Task<CliProcess> StartInFaultPhaseAsync(bool ownGroup, bool withEvents = false)
    {
        var cli = CliProcess.Start(ownGroup, "chaos", "--scenario", "steady", "--duration", "60s", "--rate", "2", "--seed", "5", "--out", _out);
        try
        {
            await cli.WaitForOutputAsync("fault phase", ReachFaultPhase);
            // A few events through every region, so the report has something to keep.
            if (withEvents)
                await Eventually.TrueAsync(() => Task.FromResult(cli.Stdout.Split('\n').Count(l => l.Contains("fault phase", StringComparison.Ordinal)) >= 2),
                ReachFaultPhase, "a second progress line");
            return cli;
        }
        catch
        {
            output.WriteLine(cli.ToString());
            cli.Dispose();
            throw;
        }
    }

    private static IReadOnlyList<int> ReplicaServers(CliProcess cli)
    {
        var replicas = cli.Children().Where(CliProcess.IsReplicaServer).ToArray();
        Assert.True(replicas.Length == 3, $"three replica servers among the CLI's children {string.Join(", ", cli.Children())}\n{cli}");
        return replicas;
    }

    private string ReportFolder() => Assert.Single(Directory.GetDirectories(_out));

    private static string Verdict(string folder)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        return summary.RootElement.GetProperty("verdict").GetString()!;
    }

    /// <summary>The run's scratch folder: named after its report folder and the CLI's PID, in the temp folder.</summary>
    private string ScratchOf(CliProcess cli) =>
        Path.Combine(Path.GetTempPath(), "convergence-chaos", Path.GetFileName(ReportFolder()) + "-" + cli.Id);

    private void DeleteScratchOf(CliProcess cli)
    {
        var scratch = ScratchOf(cli);
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
    }
}
