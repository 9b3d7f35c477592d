using System.Text.Json;
using Convergence.Cli;
using Convergence.Simulator.Reports;
using Spectre.Console;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>A run takes its report folder at its start, atomically: runs started in the same second never share one.</summary>
public sealed class ReportFolderReservationTests : IDisposable
{
    private static readonly DateTimeOffset SameSecond = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "convergence-tests", "reserve-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ReserveFolder_ManyRunsInTheSameSecond_EachGetsItsOwnFolder()
    {
        using var start = new ManualResetEventSlim();
        var reservations = Enumerable.Range(0, 16)
            .Select(_ => Task.Run(() =>
            {
                start.Wait();
                return ReportWriter.ReserveFolder(_root, SameSecond, "partition");
            }))
            .ToArray();
        start.Set();
        var folders = await Task.WhenAll(reservations);

        Assert.Equal(16, folders.Distinct(StringComparer.Ordinal).Count());
        Assert.All(folders, folder => Assert.True(File.Exists(Path.Combine(folder, ReportWriter.ReservationFileName))));
        Assert.Contains(Path.Combine(_root, "20261202-080000-partition"), folders);
    }

    [Fact]
    public void ReserveFolder_AFinishedRunsFolderHasTheName_TakesTheNextNameAndLeavesItAlone()
    {
        var earlier = Path.Combine(_root, "20261202-080000-steady");
        Directory.CreateDirectory(earlier);
        File.WriteAllText(Path.Combine(earlier, "summary.json"), "{}");

        var folder = ReportWriter.ReserveFolder(_root, SameSecond, "steady");

        Assert.Equal(earlier + "-2", folder);
        Assert.Equal(["summary.json"], Directory.GetFileSystemEntries(earlier).Select(Path.GetFileName));
    }

    [Fact]
    public void ReleaseFolder_OfARunThatWroteNothing_RemovesTheFolder()
    {
        var folder = ReportWriter.ReserveFolder(_root, SameSecond, "steady");

        ReportWriter.ReleaseFolder(folder);

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Simulate_TwoRunsStartedTogether_WriteTwoFolders()
    {
        // One frozen clock: both runs name their folder after the same second.
        var clock = new FrozenClock(SameSecond);
        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(() => RunSimulateAsync(clock))).ToArray();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == ExitCodes.Converged, r.Output));
        var folders = Directory.GetDirectories(_root).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([Path.Combine(_root, "20261202-080000-steady"), Path.Combine(_root, "20261202-080000-steady-2")], folders);
        foreach (var folder in folders)
        {
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "summary.json")));
            Assert.Equal("Converged", summary.RootElement.GetProperty("verdict").GetString());
            Assert.False(File.Exists(Path.Combine(folder, ReportWriter.ReservationFileName)), "the reservation is gone once the report is written");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private async Task<(int ExitCode, string Output)> RunSimulateAsync(TimeProvider clock)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        var code = await CliApp.Create(console, clock: clock).RunAsync(["simulate", "--duration", "5s", "--seed", "1", "--out", _root]);
        return (code, writer.ToString());
    }

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
