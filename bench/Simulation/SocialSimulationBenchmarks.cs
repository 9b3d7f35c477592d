using BenchmarkDotNet.Attributes;
using Convergence.Domain.Modules;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Reports;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;

namespace Convergence.Benchmarks.Simulation;

/// <summary>
/// What a user's <c>convergence simulate</c> costs: the social domain, a partition, 20 events/s per region, the
/// engine with its digest samples, every check (eventual invariants included), the metrics and the whole report
/// folder (plots and trace.json). The engine-only line with the counter module stays in <see cref="SimulationBenchmarks"/>.
/// One invocation per iteration: a simulated hour is seconds of work, well above the timer's resolution.
/// Run: <c>dotnet run -c Release --project bench -- --filter *SocialSimulation*</c>; per-event figures: <c>scale</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class SocialSimulationBenchmarks
{
    private readonly DomainCatalog _catalog = DomainCatalog.SocialNetwork();

    [Params(3, 5)]
    public int Regions { get; set; }

    [Params("1m", "10m", "1h")]
    public string Duration { get; set; } = "1m";

    [Benchmark]
    public async Task<RunOutcome> SimulateWithChecksAndReport() => await UserRun.RunAsync(_catalog, Regions, Duration);
}

/// <summary>One user-shaped run: simulate, judge, write the report folder to a temporary place and delete it.</summary>
public static class UserRun
{
    public static Scenario Scenario(int regions, string duration) =>
        ScenarioCatalog.Create("partition", 7, new ScenarioOverrides(regions, DurationText.TryParse(duration, out var d) ? d : throw new ArgumentException(duration), 20));

    public static async Task<RunOutcome> RunAsync(DomainCatalog catalog, int regions, string duration)
    {
        var outcome = await Simulate.RunAsync(Scenario(regions, duration), catalog);
        var folder = Path.Combine(Path.GetTempPath(), $"convergence-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
        await ReportWriter.WriteAsync(folder, outcome.Record, outcome.Checks, outcome.Metrics, outcome.Summary);
        Directory.Delete(folder, recursive: true);
        return outcome;
    }
}
