using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Convergence.Cluster.Replicas;

/// <summary>
/// What a run owns on servers it shares with other runs: its databases (<c>&lt;prefix&gt;&lt;run&gt;-&lt;region&gt;</c>),
/// its replication documents (<c>&lt;prefix&gt;&lt;run&gt;-&lt;a&gt;-to-&lt;b&gt;</c>) and the tag in its event ids. Anything
/// else under the prefix is a leftover of another run: reported, removed only when asked, never reused.
/// </summary>
/// <example>
/// Prefix <c>convergence-</c>, run <c>261202-081530-3f9a</c>: region eu's database is
/// <c>convergence-261202-081530-3f9a-eu</c>, the link eu→us is the document <c>convergence-261202-081530-3f9a-eu-to-us</c>,
/// and eu's 17th event is <c>eu-17.261202-081530-3f9a</c>.
/// </example>
public sealed partial record RunNamespace
{
    /// <summary>The prefix when none is configured.</summary>
    public const string DefaultPrefix = "convergence-";

    public RunNamespace(string prefix, string runId)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        if (ValidationProblem(prefix) is { } problem) throw new ArgumentException(problem, nameof(prefix));
        if (!RunIdPattern().IsMatch(runId)) throw new ArgumentException($"A run id must match [a-z0-9][a-z0-9-]*, got '{runId}'.", nameof(runId));
        Prefix = prefix;
        RunId = runId;
    }

    public string Prefix { get; }

    public string RunId { get; }

    /// <summary>
    /// A fresh run id: the start time to the second plus 16 random bits, so two runs started in the same second on the
    /// same servers still differ. The id names resources only; it never influences what the run does.
    /// </summary>
    public static string NewRunId(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        return now.ToString("yyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" +
               RandomNumberGenerator.GetInt32(0x10000).ToString("x4", CultureInfo.InvariantCulture);
    }

    /// <summary>A run with a fresh id under <paramref name="prefix"/>.</summary>
    public static RunNamespace Create(string prefix, TimeProvider clock) => new(prefix, NewRunId(clock));

    /// <summary>Why <paramref name="prefix"/> cannot start CouchDB database names, or null when it can.</summary>
    public static string? ValidationProblem(string prefix) =>
        PrefixPattern().IsMatch(prefix)
            ? null
            : $"the database prefix must start with a lowercase letter and hold only a-z, 0-9, '_' and '-' (CouchDB database names), got '{prefix}'";

    /// <summary>The run's database for <paramref name="region"/>.</summary>
    public string DatabaseName(string region)
    {
        ReplicaNaming.Validate(region);
        return $"{Prefix}{RunId}-{region}";
    }

    /// <summary>The run's replication document for the link <paramref name="from"/>→<paramref name="to"/>.</summary>
    public string ReplicationId(string from, string to) => $"{Prefix}{RunId}-{from}-to-{to}";

    /// <summary>An event id unique across runs: the region's counter, tagged with the run.</summary>
    public string EventId(string region, long counter) =>
        string.Create(CultureInfo.InvariantCulture, $"{region}-{counter}.{RunId}");

    /// <summary>True for a database or document name of this run.</summary>
    public bool Owns(string name) => name.StartsWith(Prefix + RunId + "-", StringComparison.Ordinal);

    /// <summary>True for a name under the prefix that belongs to another run.</summary>
    public bool IsLeftover(string name) => name.StartsWith(Prefix, StringComparison.Ordinal) && !Owns(name);

    /// <inheritdoc />
    public override string ToString() => Prefix + RunId;

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,100}$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,60}$")]
    private static partial Regex RunIdPattern();
}
