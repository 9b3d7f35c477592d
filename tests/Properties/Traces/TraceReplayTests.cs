using Convergence.Domain.Modules;
using Convergence.Properties.Tests.Generators;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Convergence.Simulator.Traces;

namespace Convergence.Properties.Tests.Traces;

/// <summary>A run's delivery orders, written as a trace and re-run in-process, reproduce what the run saw.</summary>
public sealed class TraceReplayTests
{
    private static async Task<RunTrace> TraceOf(DomainCatalog catalog, ulong seed)
    {
        var scenario = ScenarioCatalog.Create("partition", seed, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(20)));
        var outcome = await Simulate.RunAsync(scenario, catalog);
        var trace = RunTrace.FromRecord(outcome.Record);
        return RunTrace.Parse(trace.ToJson(catalog), catalog);
    }

    [Fact]
    public async Task Replaying_the_trace_of_a_converged_run_finds_every_region_in_agreement()
    {
        var trace = await TraceOf(Catalogs.Convergent, 42);

        var result = TraceReplay.Run(trace, Catalogs.Convergent);

        Assert.True(result.Agrees);
        Assert.Equal(3, result.Digests.Count);
        Assert.True(trace.Events.Count > 50);
    }

    [Fact]
    public async Task Replaying_a_diverging_trace_shrinks_it_to_a_small_readable_counterexample()
    {
        var trace = await TraceOf(Catalogs.Naive, 42);

        var result = TraceReplay.Run(trace, Catalogs.Naive);

        Assert.False(result.Agrees);
        var counterexample = result.Counterexample!;
        Assert.InRange(counterexample.History.Count, 1, 4);
        var text = counterexample.Describe();
        Assert.Contains("order A:", text);
        Assert.Contains("order B:", text);
        Assert.DoesNotContain("diff:    none", text);
    }

    [Fact]
    public async Task A_trace_that_needs_a_module_the_domain_lacks_is_refused_with_its_name()
    {
        var json = (await TraceOf(Catalogs.Convergent, 3)).ToJson(Catalogs.Convergent).Replace("\"modules\":[\"social\"]", "\"modules\":[\"social\",\"checkins\"]");

        var error = Assert.Throws<ArgumentException>(() => RunTrace.Parse(json, Catalogs.Convergent));

        Assert.Contains("checkins", error.Message);
    }
}
