using Xunit.Abstractions;
using Convergence.Simulator.Histories;

namespace Convergence.Properties.Tests.Generators;

/// <summary>A pass on histories without races proves nothing: the generators must produce every race.</summary>
public sealed class RaceCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public void Generated_histories_contain_every_race_the_domain_must_survive()
    {
        // The same mix as the arbitraries (2–5 regions, up to 40 actions, swarm or not), on fixed seeds.
        var seen = Races.All.ToDictionary(r => r, _ => 0);
        for (var seed = 0UL; seed < 300; seed++)
        {
            var options = new HistoryOptions
            {
                Regions = 2 + (int)(seed % 4), Actions = 10 + (int)(seed % 31), MaxDeliveryBatch = 1 + (int)(seed % 4), Swarm = seed % 2 == 0,
            };
            var history = HistoryGenerator.Generate(Catalogs.Convergent, options, seed);
            foreach (var race in Races.In(history, HistoryArbitraries.Permutation(history.Count, seed))) seen[race]++;
        }

        foreach (var (race, count) in seen) output.WriteLine($"{count * 100.0 / 300,5:0.0}% {race}");
        var rare = seen.Where(p => p.Value < 3).Select(p => p.Key).ToArray();
        Assert.True(rare.Length == 0, "generated fewer than 3 times in 300 histories: " + string.Join(", ", rare) +
            "\nseen: " + string.Join(", ", seen.Select(p => $"{p.Key}={p.Value}")));
    }
}
