using System.Text.RegularExpressions;
using Convergence.Properties.Tests.Generators;
using Convergence.Properties.Tests.Simulation;
using Convergence.Simulator.Campaigns;
using Convergence.Simulator.Checks;
using Xunit;

namespace Convergence.Properties.Tests.Campaigns;

/// <summary>A seed campaign finds the naive handlers' failures, and each failing seed's replay command reproduces its failure alone.</summary>
public sealed partial class CampaignTests
{
    [Fact]
    public void Campaign_OnTheNaiveModule_ListsFailingSeedsWhoseReplayReproducesThem()
    {
        using var cli = new CliHarness();

        var (exitCode, output) = cli.Run(Catalogs.Naive, "simulate", "--seeds", "1..4", "--duration", "10s", "--out", cli.OutDirectory);

        Assert.Equal(1, exitCode);
        Assert.Contains("campaign swarm: seeds 1..4", output);
        Assert.Matches(@"seeds 4/4, [\d.]+ seeds/s, failures \d", output);
        var folder = Assert.Single(Directory.GetDirectories(cli.OutDirectory));
        var summary = CampaignSummary.Parse(File.ReadAllText(Path.Combine(folder, CampaignOptions.SummaryFile)));
        Assert.Equal(4, summary.Seeds);
        var failure = summary.Failures[0];
        Assert.True(Directory.Exists(Path.Combine(folder, failure.Report!)), "the failing seed has its report folder");
        Assert.False(string.IsNullOrWhiteSpace(failure.Counterexample));
        Assert.Contains(failure.Replay, output);

        var replayArgs = failure.Replay.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Concat(["--out", cli.OutDirectory]).ToArray();
        var (replayExit, replayOutput) = cli.Run(Catalogs.Naive, replayArgs);

        Assert.Equal(1, replayExit);
        Assert.Equal(failure.Status.ToString(), Verdict().Match(replayOutput).Groups[1].Value);
        Assert.Contains($"{failure.Events} events", replayOutput);
    }

    [Fact]
    public void Campaign_StoppingAtTheFirstFailure_RunsNoMoreSeedsThanItMust()
    {
        using var cli = new CliHarness();

        var (exitCode, output) = cli.Run(Catalogs.Naive, "simulate", "--seeds", "1..40", "--duration", "5s", "--jobs", "1",
            "--stop-at-first-failure", "--out", cli.OutDirectory);

        Assert.Equal(1, exitCode);
        var summary = CampaignSummary.Parse(File.ReadAllText(Path.Combine(Assert.Single(Directory.GetDirectories(cli.OutDirectory)), CampaignOptions.SummaryFile)));
        Assert.Single(summary.Failures);
        Assert.True(summary.Interrupted > 0, "the seeds after the first failure are not run");
        Assert.Contains("not run: stopped", output);
    }

    [Fact]
    public void Campaign_OnTheConvergentModule_ExitsZero()
    {
        using var cli = new CliHarness();

        var (exitCode, output) = cli.Run("simulate", "--seeds", "5..6", "--duration", "5s", "--out", cli.OutDirectory);

        Assert.Equal(0, exitCode);
        Assert.Contains("0 failing of 2 seeds", output);
    }

    [Fact]
    public void Summaries_OfDisjointRanges_MergeAndOverlapsAreRefused()
    {
        var failing = new SeedResult(7, RunStatus.SafetyViolation, 100, 10, 0.1, "convergence simulate --scenario swarm --seed 7", "L1 …", "seed-7");
        var a = CampaignSummary.From("swarm", "", new SeedRange(1, 10), [failing, .. Passing(1, 6), .. Passing(8, 10)]);
        var b = CampaignSummary.From("swarm", "", new SeedRange(11, 20), Passing(11, 20));

        var merged = CampaignSummary.Merge([CampaignSummary.Parse(b.ToJson()), CampaignSummary.Parse(a.ToJson())]);

        Assert.Equal(["1..10", "11..20"], merged.Ranges);
        Assert.Equal(20, merged.Seeds);
        Assert.Equal(19, merged.Converged);
        Assert.Equal(7UL, Assert.Single(merged.Failures).Seed);
        Assert.Throws<ArgumentException>(() => CampaignSummary.Merge([a, CampaignSummary.From("swarm", "", new SeedRange(10, 12), Passing(10, 12))]));
        Assert.Throws<ArgumentException>(() => CampaignSummary.Merge([a, CampaignSummary.From("partition", "", new SeedRange(11, 12), Passing(11, 12))]));
    }

    [Theory]
    [InlineData("1..1000", 1UL, 1000UL)]
    [InlineData("42", 42UL, 42UL)]
    public void SeedRange_Parses(string text, ulong first, ulong last) =>
        Assert.Equal(new SeedRange(first, last), SeedRange.TryParse(text, out _));

    [Theory]
    [InlineData("10..1")]
    [InlineData("1-5")]
    [InlineData("1..")]
    public void SeedRange_RefusesBadText(string text) => Assert.Null(SeedRange.TryParse(text, out _));

    private static SeedResult[] Passing(ulong first, ulong last) =>
        new SeedRange(first, last).Seeds().Select(s => new SeedResult(s, RunStatus.Converged, 100, 10, 0.1, $"convergence simulate --seed {s}")).ToArray();

    [GeneratedRegex(@"verdict: (\w+)")]
    private static partial Regex Verdict();
}
