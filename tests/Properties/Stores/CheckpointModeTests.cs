using Convergence.Domain.Modules;
using Convergence.Domain.Projection;
using Convergence.Domain.Stores;
using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Simulation;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Histories;
using Convergence.Simulator.Scenarios;
using Convergence.Stores.Sqlite;

namespace Convergence.Properties.Tests.Stores;

/// <summary>
/// Checkpoints as real projectors keep them: committed with the batch (exactly-once effect) or written
/// apart after it (at-least-once). A non-idempotent SQL handler tells the two apart; the convergent
/// social handlers converge in both.
/// </summary>
public sealed class CheckpointModeTests
{
    private static readonly Scenario Crash = ScenarioCatalog.Create("crash", 5, new ScenarioOverrides(Duration: TimeSpan.FromSeconds(20), Rate: 5));

    private static DomainCatalog Tally(CheckpointMode mode) => new DomainCatalog(new LikeTallyModule()).WithStore(new SqliteStore(mode));

    [Fact]
    public void A_non_idempotent_sql_handler_converges_when_the_checkpoint_commits_with_the_state()
    {
        var outcome = SimulationRuns.Run(Crash, Tally(CheckpointMode.WithState));

        Assert.True(outcome.Record.Counters["projector.redeliveries"] > 0);
        Assert.Equal(RunStatus.Converged, outcome.Status);
    }

    [Fact]
    public void A_non_idempotent_sql_handler_is_caught_when_the_checkpoint_is_separate()
    {
        var outcome = SimulationRuns.Run(Crash, Tally(CheckpointMode.Separate));

        Assert.Equal(RunStatus.SafetyViolation, outcome.Status);
        var rebuild = Assert.Single(outcome.Checks.Laws, l => l.Law == RebuildCheck.Law);
        Assert.False(rebuild.Passed);
        Assert.Contains("likes", rebuild.Detail);
        Assert.Contains(outcome.Checks.Laws, l => l.Law == "L3" && !l.Passed);
    }

    [Theory]
    [InlineData(CheckpointMode.WithState)]
    [InlineData(CheckpointMode.Separate)]
    public void The_convergent_sql_social_handlers_converge_through_crashes_in_both_modes(CheckpointMode mode)
    {
        var outcome = SimulationRuns.Run(Crash, Catalogs.Convergent.WithStore(new SqliteStore(mode)));

        Assert.True(outcome.Record.Counters["projector.redeliveries"] > 0);
        Assert.Equal(RunStatus.Converged, outcome.Status);
        Assert.Contains(outcome.Checks.Laws, l => l.Law == RebuildCheck.Law && l.Passed && l.Detail.Contains("sqlite"));
    }

    [Theory]
    [InlineData(CheckpointMode.WithState, 0)]
    [InlineData(CheckpointMode.Separate, 3)]
    public void A_crash_mid_batch_keeps_what_the_store_committed_and_resumes_from_its_own_checkpoint(CheckpointMode mode, int doubled)
    {
        var catalog = Tally(mode);
        var history = HistoryGenerator.Generate(catalog.WithStore(MemoryStore.Instance), new HistoryOptions { Regions = 1, Actions = 9 }, 11);
        var events = history.InOrder(Enumerable.Range(0, history.Count)).ToArray();
        var model = new ReadModel(catalog);
        var store = Assert.IsAssignableFrom<IDurableRegionStore>(model.Store);

        // A projector: batches of three, each followed by its checkpoint; it dies three events into the third batch.
        store.BeginBatch();
        for (var i = 0; i < 6; i++)
        {
            model.Apply(events[i]);
            if (i % 3 == 2)
            {
                store.CommitBatch((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                store.BeginBatch();
            }
        }
        for (var i = 6; i < 9; i++) model.Apply(events[i]);
        store.AbandonBatch();

        // The restart reads the store's own checkpoint and redelivers everything after it.
        var resumeAt = int.Parse(store.StoredCheckpoint()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(6, resumeAt);
        store.BeginBatch();
        foreach (var e in events.Skip(resumeAt)) model.Apply(e);
        store.CommitBatch("9");

        var likes = model.ToView().Entries.Sum(e => e.Value.AsInteger);
        Assert.Equal(9 + doubled, likes);
    }

    [Fact]
    public void The_memory_store_absorbs_the_same_redeliveries_by_restoring_its_snapshot()
    {
        // The same redelivery fault on the memory store is absorbed (snapshot restore): only the SQL store's separate
        // checkpoint exposes it, and the rebuild law is what names it.
        var outcome = SimulationRuns.Run(Crash, new DomainCatalog(new LikeTallyModule()));

        Assert.Equal(RunStatus.Converged, outcome.Status);
        Assert.Contains(outcome.Checks.Laws, l => l.Law == RebuildCheck.Law && l.Passed && l.Detail.Contains("memory"));
    }
}
