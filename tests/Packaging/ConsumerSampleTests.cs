using System.Xml.Linq;

namespace Convergence.Packaging.Tests;

/// <summary>
/// samples/consumer as a team's own repository: it restores Convergence from the folder feed (package references, its
/// own nuget.config), and its tests run: the correct module passes, and the known-bad one — the demonstration test that
/// fails on purpose, switched on here — fails with a readable, shrunk counterexample.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ConsumerSampleTests(PackedFeed feed)
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task The_consumer_sample_passes_its_correct_module_and_fails_the_known_bad_one_with_a_counterexample()
    {
        Assert.True(feed.Pack.ExitCode == 0, feed.Pack.ToString());
        var results = Path.Combine(feed.WorkDirectory, "consumer-results");

        var run = await ChildProcess.RunAsync(ChildProcess.Dotnet,
        [
            "test", "Bookmarks.sln", $"-p:ConvergenceVersion={feed.Version}", "--logger", "trx;LogFileName=consumer.trx",
            "--results-directory", results, "-nologo",
        ], feed.Consumer, TestTimeout, new Dictionary<string, string> { ["CONVERGENCE_SHOW_CAUGHT_DIVERGENCE"] = "1" });

        // The demonstration fails the run; everything else passes.
        Assert.True(run.ExitCode == 1, run.ToString());
        var outcomes = Outcomes(Path.Combine(results, "consumer.trx"));
        var failed = Assert.Single(outcomes, o => o.Outcome != "Passed");
        Assert.Equal("Bookmarks.Tests.BookmarkLawTests.A_counting_bookmark_handler_fails_its_test", failed.Name);
        Assert.Equal("Failed", failed.Outcome);
        Assert.Contains(outcomes, o => o is { Name: "Bookmarks.Tests.BookmarkLawTests.Bookmark_handlers_obey_every_convergence_law", Outcome: "Passed" });
        Assert.Contains(outcomes, o => o is { Name: "Bookmarks.Tests.BookmarkScenarioTests.Every_region_converges_after_a_partition", Outcome: "Passed" });
        Assert.True(outcomes.Count >= 5, string.Join("\n", outcomes));

        // The message a team reads in its test explorer: which law, the shrunk events, the differing view, the replay.
        Assert.Contains("Convergence.Testing.Laws.ConvergenceLawException", failed.Message);
        Assert.Contains("convergence laws FAILED for social+bookmarks", failed.Message);
        Assert.Contains("idempotence falsified", failed.Message);
        Assert.Matches(@"A:\s+\S+ (PostBookmarked|BookmarkRemoved) p-\S+ by u-", failed.Message);
        Assert.Matches(@"result: bookmarks/p-\S+/count: A (1 \| B 2|-1 \| B -2)", failed.Message);
        Assert.Contains("replay: convergence check --module <your module> --histories 300 --seed 1", failed.Message);
    }

    private sealed record TestOutcome(string Name, string Outcome, string Message)
    {
        public override string ToString() => $"{Outcome} {Name} {Message}";
    }

    private static IReadOnlyList<TestOutcome> Outcomes(string trx)
    {
        var results = XDocument.Load(trx).Descendants().Where(e => e.Name.LocalName == "UnitTestResult");
        return results.Select(r => new TestOutcome(
            r.Attribute("testName")!.Value,
            r.Attribute("outcome")!.Value,
            r.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value ?? "")).ToArray();
    }
}
