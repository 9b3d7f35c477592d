using System.Text.RegularExpressions;

namespace Convergence.Cluster.Replicas;

/// <summary>Region names and the database name each region uses.</summary>
public static partial class ReplicaNaming
{
    /// <summary>The prefix of every region database: region <c>eu</c> uses <c>events-eu</c>.</summary>
    public const string DatabasePrefix = "events-";

    /// <summary>The database of <paramref name="region"/> (the same rule on every backend, so regions can share a server).</summary>
    public static string DatabaseName(string region)
    {
        Validate(region);
        return DatabasePrefix + region;
    }

    /// <summary>
    /// Region names become database names and directory names, so they are restricted to what CouchDB accepts in
    /// a database name and any file system accepts: lowercase letters, digits and '-', starting with a letter.
    /// </summary>
    public static void Validate(string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        if (!RegionPattern().IsMatch(region))
        {
            throw new ArgumentException($"Region name '{region}' must match [a-z][a-z0-9-]* (it becomes a database and directory name).", nameof(region));
        }
    }

    internal static void ValidateAll(IReadOnlyList<string> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        if (regions.Count == 0)
        {
            throw new ArgumentException("At least one region is needed.", nameof(regions));
        }

        foreach (var region in regions)
        {
            Validate(region);
        }

        if (regions.Distinct(StringComparer.Ordinal).Count() != regions.Count)
        {
            throw new ArgumentException($"Region names must be distinct: {string.Join(", ", regions)}", nameof(regions));
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex RegionPattern();
}
