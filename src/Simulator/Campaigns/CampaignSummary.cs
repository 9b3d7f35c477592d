using System.Text.Json;
using System.Text.Json.Serialization;
using Convergence.Simulator.Checks;

namespace Convergence.Simulator.Campaigns;

/// <summary>
/// What a campaign found, as one mergeable file (<c>campaign.json</c>): the scenario, the domain options and the
/// seed ranges covered, aggregates over every seed run (not one row per passing seed, so a million seeds stay
/// small), and one row per failing seed. Campaigns over disjoint ranges of the same scenario and domain merge
/// into the summary one campaign over all the ranges would have written (<see cref="Merge"/>).
/// </summary>
public sealed record CampaignSummary(
    string Scenario,
    string DomainOptions,
    IReadOnlyList<string> Ranges,
    long Seeds,
    long Converged,
    long Interrupted,
    long Events,
    double SimulatedS,
    double WallS,
    IReadOnlyList<SeedResult> Failures)
{
    public const int Version = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Seeds that ran to a verdict; the rest of <see cref="Seeds"/> were stopped (first failure, Ctrl+C).</summary>
    public long Judged => Seeds - Interrupted;

    public bool AnyFailed => Failures.Count > 0;

    public string ToJson() => JsonSerializer.Serialize(new Document(Version, this), Json);

    public static CampaignSummary Parse(string json)
    {
        var document = JsonSerializer.Deserialize<Document>(json, Json) ?? throw new FormatException("not a campaign summary");
        if (document.Version != Version) throw new FormatException($"campaign summary version {document.Version}, expected {Version}");
        return document.Campaign ?? throw new FormatException("a campaign summary without its campaign");
    }

    /// <summary>
    /// One summary for several campaigns of the same scenario and domain over disjoint seed ranges (a CI matrix, say).
    /// Throws <see cref="ArgumentException"/> when they do not belong together or overlap.
    /// </summary>
    public static CampaignSummary Merge(IReadOnlyList<CampaignSummary> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("nothing to merge");
        var first = parts[0];
        foreach (var part in parts.Skip(1))
        {
            if (part.Scenario != first.Scenario || part.DomainOptions != first.DomainOptions)
                throw new ArgumentException($"cannot merge a campaign of '{part.Scenario} {part.DomainOptions}' into one of '{first.Scenario} {first.DomainOptions}'");
        }
        var ranges = parts.SelectMany(p => p.Ranges).Select(r => SeedRange.TryParse(r, out var error) ?? throw new ArgumentException(error))
            .OrderBy(r => r.First).ToArray();
        for (var i = 1; i < ranges.Length; i++)
        {
            if (ranges[i].First <= ranges[i - 1].Last) throw new ArgumentException($"seed ranges {ranges[i - 1]} and {ranges[i]} overlap");
        }
        return new CampaignSummary(first.Scenario, first.DomainOptions, ranges.Select(r => r.ToString()).ToArray(),
            parts.Sum(p => p.Seeds), parts.Sum(p => p.Converged), parts.Sum(p => p.Interrupted), parts.Sum(p => p.Events),
            parts.Sum(p => p.SimulatedS), parts.Sum(p => p.WallS),
            parts.SelectMany(p => p.Failures).OrderBy(f => f.Seed).ToArray());
    }

    /// <summary>Aggregates a campaign's seed results (in any order: the summary sorts).</summary>
    public static CampaignSummary From(string scenario, string domainOptions, SeedRange range, IReadOnlyCollection<SeedResult> results) =>
        new(scenario, domainOptions, [range.ToString()], (long)range.Count,
            results.LongCount(r => r.Status == RunStatus.Converged),
            (long)range.Count - results.LongCount(r => r.Status != RunStatus.Interrupted),
            results.Sum(r => (long)r.Events), results.Sum(r => r.SimulatedS), results.Sum(r => r.WallS),
            results.Where(r => r.Failed).OrderBy(r => r.Seed).ToArray());

    private sealed record Document(int Version, CampaignSummary? Campaign);
}
