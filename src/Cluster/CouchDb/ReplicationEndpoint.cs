using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>
/// The source or target of a replication: a database URL with optional credentials, or (pouchdb-server only) a
/// local database name. CouchDB 3 accepts only URLs. Credentials never go into the URL: an endpoint with credentials is
/// written as an object (<c>{"url": …, "headers"|"auth": …}</c>, see <see cref="ReplicationCredentialStyle"/>).
/// ToString never shows the password.
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

    /// <summary>True when the endpoint carries credentials.</summary>
    public bool HasCredentials => _credentials is not null;

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

    /// <summary>A database by its handle, with the credentials of the client the handle came from.</summary>
    public static ReplicationEndpoint FromDatabase(CouchDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return FromUri(database.Uri, database.Http.Options.Credentials);
    }

    /// <summary>A database on the server that runs the replication, by name (pouchdb-server; CouchDB 3 rejects it).</summary>
    public static ReplicationEndpoint FromLocalName(string databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        return new ReplicationEndpoint(null, databaseName, null);
    }

    /// <summary>
    /// Writes the endpoint: a string (local name, or URL without credentials), or an object with the URL and the
    /// credentials in <paramref name="style"/>.
    /// </summary>
    internal void WriteTo(Utf8JsonWriter writer, string propertyName, ReplicationCredentialStyle style)
    {
        if (_localName is not null)
        {
            writer.WriteString(propertyName, _localName);
            return;
        }

        if (_credentials is null)
        {
            writer.WriteString(propertyName, _databaseUri!.AbsoluteUri);
            return;
        }

        writer.WriteStartObject(propertyName);
        writer.WriteString("url", _databaseUri!.AbsoluteUri);
        if (style == ReplicationCredentialStyle.AuthObject)
        {
            writer.WriteStartObject("auth");
            writer.WriteStartObject("basic");
            writer.WriteString("username", _credentials.UserName);
            writer.WriteString("password", _credentials.Password);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStartObject("headers");
            writer.WriteString("Authorization", "Basic " + _credentials.ToBasicHeaderValue());
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public override string ToString() => _localName ?? (_credentials is null
        ? _databaseUri!.AbsoluteUri
        : $"{_databaseUri!.AbsoluteUri} (as {_credentials.UserName})");
}
