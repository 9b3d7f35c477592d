using Convergence.Cluster.CouchDb;
using Xunit;

namespace Convergence.Chaos.Tests.CouchDb;

/// <summary>
/// External CouchDB-compatible servers named by the environment, for the conformance category:
/// <c>CONVERGENCE_COUCHDB_URLS=http://a:5984,http://b:5984,http://c:5984</c> plus <c>COUCHDB_USER</c>/<c>COUCHDB_PASSWORD</c>.
/// </summary>
public static class ExternalCouchDb
{
    /// <summary>The variable listing the servers, comma-separated; region i uses server i modulo the count.</summary>
    public const string UrlsVariable = "CONVERGENCE_COUCHDB_URLS";

    /// <summary>The test category (<c>dotnet test --filter Category=CouchDbConformance</c>).</summary>
    public const string Category = "CouchDbConformance";

    public static IReadOnlyList<Uri> Urls =>
        (Environment.GetEnvironmentVariable(UrlsVariable) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => new Uri(u))
            .ToArray();

    public static CouchCredentials? Credentials => CouchCredentials.FromEnvironment();

    private static readonly Lazy<ExternalServerKind?> Kind = new(ReadKind);

    /// <summary>What the first server is (asked once, at discovery), or null when none is configured or it does not answer.</summary>
    public static ExternalServerKind? ServerKind => Kind.Value;

    private static ExternalServerKind? ReadKind()
    {
        if (Urls.Count == 0) return null;
        try
        {
            using var client = new CouchClient(Urls[0], Credentials);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            // Test discovery is synchronous; this runs once, only where the variables are set.
            var info = client.GetServerInfoAsync(timeout.Token).GetAwaiter().GetResult();
            return info.IsPouchDb ? ExternalServerKind.PouchDbServer : ExternalServerKind.CouchDb;
        }
        catch (Exception e) when (e is CouchException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Why the suite cannot run here, or null.</summary>
    public static string? UnavailableReason() => Urls.Count == 0
        ? $"no external CouchDB: set {UrlsVariable}=http://a:5984,http://b:5984,http://c:5984 (and {CouchCredentials.UserVariable}/{CouchCredentials.PasswordVariable}) to run the {Category} suite against your servers"
        : null;
}

/// <summary>Which server the external URLs name.</summary>
public enum ExternalServerKind
{
    /// <summary>Apache CouchDB (2.x/3.x): scheduler, clustering, <c>auth</c> objects.</summary>
    CouchDb,

    /// <summary>pouchdb-server: no scheduler, replicator documents stay <c>triggered</c>.</summary>
    PouchDbServer,
}

/// <summary>
/// A fact that runs only against the servers of <see cref="ExternalCouchDb"/> (and, with <see cref="Only"/>, only when
/// they are of that kind); skipped with the reason otherwise.
/// </summary>
public sealed class ExternalCouchDbFactAttribute : FactAttribute
{
    private ExternalServerKind? _only;

    public ExternalCouchDbFactAttribute()
    {
        if (ExternalCouchDb.UnavailableReason() is { } reason) Skip = reason;
    }

    /// <summary>Runs the fact only on this kind of server: for behaviour that differs between CouchDB and pouchdb-server.</summary>
    public ExternalServerKind Only
    {
        get => _only ?? default;
        set
        {
            _only = value;
            if (Skip is null && ExternalCouchDb.ServerKind != value)
                Skip = $"the external servers are {ExternalCouchDb.ServerKind?.ToString() ?? "not answering"}; this assertion is about {value} only";
        }
    }
}
