using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>
/// The source or target of a replication: a database URL with optional credentials, or (pouchdb-server only) a
/// local database name. CouchDB 3 accepts only URLs. ToString never shows the password.
/// </summary>
public sealed class ReplicationEndpoint
{
    private readonly Uri? _databaseUri;
    private readonly string? _localName;
    private readonly CouchCredentials? _credentials;

    private ReplicationEndpoint(Uri? databaseUri, string? localName, CouchCredentials? credentials)
    {
        _databaseUri = databaseUri;
        _localName = localName;
        _credentials = credentials;
    }

    /// <summary>A database by absolute URL (e.g. <c>http://127.0.0.1:5984/events-eu</c>).</summary>
    public static ReplicationEndpoint FromUri(Uri databaseUri, CouchCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(databaseUri);
        if (!databaseUri.IsAbsoluteUri || !string.IsNullOrEmpty(databaseUri.UserInfo))
        {
            throw new ArgumentException("Give an absolute database URI without user info; pass credentials separately.", nameof(databaseUri));
        }

        return new ReplicationEndpoint(databaseUri, null, credentials);
    }

    /// <summary>A database of the <paramref name="database"/>'s server, with that server's credentials.</summary>
    public static ReplicationEndpoint FromDatabase(CouchDatabase database, CouchCredentials? credentials = null) =>
        FromUri(database.Uri, credentials);

    /// <summary>A database on the server that runs the replication, by name (pouchdb-server; CouchDB 3 rejects it).</summary>
    public static ReplicationEndpoint FromLocalName(string databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        return new ReplicationEndpoint(null, databaseName, null);
    }

    /// <summary>
    /// The value written into a replication body. Credentials travel as URL user info, which both CouchDB 3 and PouchDB
    /// understand (CouchDB moves them out of the URL and redacts them in <c>_scheduler</c>).
    /// </summary>
    internal string ToWireValue()
    {
        if (_localName is not null)
        {
            return _localName;
        }

        if (_credentials is null)
        {
            return _databaseUri!.AbsoluteUri;
        }

        var builder = new UriBuilder(_databaseUri!)
        {
            UserName = Uri.EscapeDataString(_credentials.UserName),
            Password = Uri.EscapeDataString(_credentials.Password),
        };
        return builder.Uri.AbsoluteUri;
    }

    internal void WriteTo(Utf8JsonWriter writer, string propertyName) => writer.WriteString(propertyName, ToWireValue());

    /// <inheritdoc />
    public override string ToString() => _localName ?? (_credentials is null
        ? _databaseUri!.AbsoluteUri
        : $"{_databaseUri!.AbsoluteUri} (as {_credentials.UserName})");
}
