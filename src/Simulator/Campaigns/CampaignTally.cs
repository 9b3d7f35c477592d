namespace Convergence.Simulator.Campaigns;

/// <summary>A campaign's progress at one moment: seeds finished out of the total, failures so far, and the seed rate.</summary>
public sealed record CampaignTally(long Done, long Total, long Failures, TimeSpan Elapsed)
{
    public double SeedsPerSecond => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : 0;

    public override string ToString() =>
        $"seeds {Done}/{Total}, {SeedsPerSecond.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} seeds/s, failures {Failures}";
}
