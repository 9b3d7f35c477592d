using System.Net;
using System.Net.Sockets;
using Convergence.Chaos.Tests.Live;
using Convergence.Chaos.Tests.Support;
using Convergence.Cli;
using Convergence.Cluster.Replicas;
using Convergence.Domain.Modules;
using Convergence.Properties.Tests.Simulation;
using Xunit;
using Xunit.Abstractions;

namespace Convergence.Chaos.Tests.Commands;

/// <summary>
/// <c>convergence chaos</c> end to end, in-process, on three embedded pouchdb-servers per run: short scenarios at a few
/// actions per second, so the whole class stays within a few minutes on two shared cores.
/// </summary>
[Collection(LiveClusterCollection.Name)]
public sealed class ChaosCommandTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] ReportFiles = ["summary.json", "report.md", "lag.png", "lag-quantiles.png", "lag.csv", "trace.json"];

    private readonly ChaosCli _cli = new();

    [Theory]
    [InlineData("partition")]
    [InlineData("crash")]
    [InlineData("restart")]
    [InlineData("flapping")]
    [InlineData("mixed")]
    public async Task Chaos_NamedScenarioShortRun_ConvergesWritesTheReportAndStopsItsReplicas(string scenario)
    {
        var run = await _cli.RunAsync("chaos", "--scenario", scenario, "--duration", "12s", "--rate", "2", "--seed", "3", "--out", _cli.OutDirectory);
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == ExitCodes.Converged, run.ToString());
        Assert.NotNull(run.ReportFolder);
        Assert.All(ReportFiles, file => Assert.True(File.Exists(Path.Combine(run.ReportFolder!, file)), $"{file} missing"));
        Assert.Equal("Converged", run.Verdict);
        var report = await File.ReadAllTextAsync(Path.Combine(run.ReportFolder!, "report.md"));
        Assert.Contains("## Simulated beside live", report, StringComparison.Ordinal);
        Assert.Contains("skipped documents", report, StringComparison.Ordinal);
        Assert.Contains($"convergence chaos --scenario {scenario} --seed 3", report, StringComparison.Ordinal);
        AssertNoReplicaLeft(run);
    }

    [Fact]
    public async Task Chaos_OrderDependentHandlers_ReportsDivergenceWithExitCode1()
    {
        var naive = new DomainCatalog(new Convergence.Properties.Tests.NegativeControl.NaiveSocialModule());

        var run = await _cli.RunAsync(naive, CancellationToken.None,
            "chaos", "--scenario", "partition", "--duration", "15s", "--rate", "5", "--seed", "7", "--out", _cli.OutDirectory);
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == ExitCodes.LawFailed, run.ToString());
        Assert.Equal("SafetyViolation", run.Verdict);
        Assert.Contains("FAILED", run.Output, StringComparison.Ordinal);
        AssertNoReplicaLeft(run);
    }

    [Fact]
    public async Task Chaos_CancelledMidRun_WritesAnInterruptedReportAndStopsItsReplicas()
    {
        using var cancel = new CancellationTokenSource();
        var console = new SynchronizedStringWriter();
        var running = _cli.RunAsync(null, console, cancel.Token, "chaos", "--duration", "40s", "--rate", "2", "--seed", "4", "--out", _cli.OutDirectory);
        // Cancel once the run is in its fault phase (servers up, events flowing, progress printed), as a Ctrl+C would.
        await Eventually.TrueAsync(() => Task.FromResult(console.ToString().Contains("fault phase", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60), "the run reaches its fault phase");
        await cancel.CancelAsync();
        var run = await running;
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == ExitCodes.Cancelled, run.ToString());
        Assert.NotNull(run.ReportFolder);
        Assert.Equal("Interrupted", run.Verdict);
        Assert.Contains("interrupted", await File.ReadAllTextAsync(Path.Combine(run.ReportFolder!, "report.md")), StringComparison.Ordinal);
        AssertNoReplicaLeft(run);
    }

    [Theory]
    [InlineData("--scenario", "nosuch")]
    [InlineData("--url", "http://127.0.0.1:9")]
    [InlineData("--toxiproxy", "http://127.0.0.1:9")]
    [InlineData("--backend", "mongodb")]
    [InlineData("--rate", "50")]
    public async Task Chaos_BadArgument_ExitsWith2AndOneLine(string option, string value)
    {
        var run = await _cli.RunAsync("chaos", option, value, "--out", _cli.OutDirectory);

        Assert.True(run.ExitCode == ExitCodes.BadArguments, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, run.ToString());
        Assert.StartsWith("error:", lines[0], StringComparison.Ordinal);
        Assert.Null(run.ReportFolder);
        Assert.Empty(ChildProcessRegistry.LiveProcessIds);
    }

    [Fact]
    public async Task Chaos_ToxiproxyPortInUse_ExitsWith2AndNamesThePort()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await _cli.RunAsync("chaos", "--toxiproxy-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", _cli.OutDirectory);

        Assert.True(run.ExitCode == ExitCodes.BadArguments, run.ToString());
        Assert.Contains($"--toxiproxy-port {port} is in use", run.Output, StringComparison.Ordinal);
        Assert.Null(run.ReportFolder);
    }

    public void Dispose() => _cli.Dispose();

    /// <summary>A console buffer the test reads while the command writes it from another thread.</summary>
    internal sealed class SynchronizedStringWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public override void Write(char value)
        {
            lock (_gate) base.Write(value);
        }

        public override void Write(string? value)
        {
            lock (_gate) base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (_gate) base.Write(buffer, index, count);
        }

        public override string ToString()
        {
            lock (_gate) return base.ToString();
        }
    }

    private static void AssertNoReplicaLeft(ChaosCli.ChaosRun run)
    {
        // Three servers, plus one per replica restart.
        Assert.True(run.ReplicaPids.Count >= 3, run.ToString());
        Assert.All(run.ReplicaPids, pid => Assert.False(ProcessProbe.IsAlive(pid), $"pouchdb-server pid {pid} outlived the chaos run"));
        Assert.Empty(ChildProcessRegistry.LiveProcessIds);
    }
}
