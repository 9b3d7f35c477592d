using System.Net;
using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>
/// A thin client for one CouchDB-compatible server (Apache CouchDB 3.x or pouchdb-server), shaped like CouchDB.NET's:
/// server-level calls here, documents and feeds on <see cref="CouchDatabase"/>. Documents are raw JSON.
/// </summary>
public sealed class CouchClient : IDisposable
{
    private readonly CouchHttp _http;

    public CouchClient(Uri baseUri, CouchCredentials? credentials = null)
        : this(new CouchClientOptions(baseUri) { Credentials = credentials })
    {
    }

    public CouchClient(CouchClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = new CouchHttp(options);
        Replicator = new CouchReplicator(this);
    }

    /// <summary>The server's root URI (no credentials).</summary>
    public Uri BaseUri => _http.Options.BaseUri;

    /// <summary>The credentials requests are sent with, or null.</summary>
    public CouchCredentials? Credentials => _http.Options.Credentials;

    /// <summary>The <c>_replicator</c> database.</summary>
    public CouchReplicator Replicator { get; }

    public async Task<CouchServerInfo> GetServerInfoAsync(CancellationToken cancellationToken = default)
    {
        using var answer = await _http.SendAsync(HttpMethod.Get, string.Empty, null, cancellationToken).ConfigureAwait(false);
        return CouchServerInfo.FromJson(answer.RootElement);
    }

    /// <summary>
    /// True when the server answers <c>GET /_up</c> with 200 — or, on servers without <c>_up</c> (pouchdb-server answers
    /// 404), <c>GET /</c>. False when it cannot be reached or is not ready; never throws for that.
    /// </summary>
    public async Task<bool> IsUpAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var _ = await _http.SendAsync(HttpMethod.Get, "_up", null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (CouchNotFoundException)
        {
            return await IsRootAnsweringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsUnreachable(exception, cancellationToken))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> GetDatabaseNamesAsync(CancellationToken cancellationToken = default)
    {
        using var answer = await _http.SendAsync(HttpMethod.Get, "_all_dbs", null, cancellationToken).ConfigureAwait(false);
        return answer.RootElement.EnumerateArray().Select(name => name.GetString() ?? string.Empty).ToList();
    }

    /// <summary>A handle on a database; no request is made (CouchDB.NET's <c>GetDatabase</c>).</summary>
    public CouchDatabase GetDatabase(string name) => new(_http, name);

    /// <summary>Creates a database; an existing one throws <see cref="CouchException"/> with status 412.</summary>
    public async Task<CouchDatabase> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        var database = GetDatabase(name);
        using var _ = await _http.SendAsync(HttpMethod.Put, Uri.EscapeDataString(name), null, cancellationToken).ConfigureAwait(false);
        return database;
    }

    /// <summary>Creates a database with the given shard and replica counts (CouchDB 2+; pouchdb-server ignores them).</summary>
    public async Task<CouchDatabase> CreateDatabaseAsync(string name, DatabasePlacement? placement, CancellationToken cancellationToken = default)
    {
        var database = GetDatabase(name);
        var path = Uri.EscapeDataString(name) + (placement?.ToQueryString() ?? string.Empty);
        using var _ = await _http.SendAsync(HttpMethod.Put, path, null, cancellationToken).ConfigureAwait(false);
        return database;
    }

    /// <summary>Creates a database unless it exists.</summary>
    public async Task<CouchDatabase> GetOrCreateDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        await GetOrCreateDatabaseAsync(name, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Creates a database with <paramref name="placement"/> unless it exists.</summary>
    public async Task<CouchDatabase> GetOrCreateDatabaseAsync(string name, DatabasePlacement? placement, CancellationToken cancellationToken = default)
    {
        try
        {
            return await CreateDatabaseAsync(name, placement, cancellationToken).ConfigureAwait(false);
        }
        catch (CouchException exception) when (exception.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return GetDatabase(name);
        }
    }

    /// <summary>
    /// <c>GET /_session</c> with the client's credentials. Wrong credentials throw <see cref="CouchUnauthorizedException"/>
    /// (401 <c>Name or password is incorrect.</c>; 403 <c>Account is temporarily locked …</c> on CouchDB 3.4+).
    /// </summary>
    public async Task<CouchSession> GetSessionAsync(CancellationToken cancellationToken = default)
    {
        using var answer = await _http.SendAsync(HttpMethod.Get, "_session", null, cancellationToken).ConfigureAwait(false);
        return CouchSession.FromJson(answer.RootElement);
    }

    /// <summary>
    /// The number of nodes in the server's cluster from <c>GET /_membership</c> (<c>cluster_nodes</c>); not supported on
    /// pouchdb-server, which has no cluster.
    /// </summary>
    public async Task<CouchFeature<int>> GetClusterSizeAsync(CancellationToken cancellationToken = default)
    {
        var answer = await GetOptionalAsync("_membership", cancellationToken).ConfigureAwait(false);
        if (answer is not { } root || !root.TryGetProperty("cluster_nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
        {
            return CouchFeature<int>.NotSupported;
        }

        return CouchFeature<int>.Supported(nodes.GetArrayLength());
    }

    /// <summary>Deletes a database; a missing one throws <see cref="CouchNotFoundException"/>.</summary>
    public async Task DeleteDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        using var _ = await _http.SendAsync(HttpMethod.Delete, Uri.EscapeDataString(name), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /_replicate</c>. Returns the server's answer as is. Prefer <see cref="Replicator"/> documents (see
    /// <see cref="ReplicationRequest"/>).
    /// </summary>
    public async Task<JsonElement> ReplicateAsync(ReplicationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = CouchHttp.JsonContent(writer =>
        {
            writer.WriteStartObject();
            request.Source.WriteTo(writer, "source", request.CredentialStyle);
            request.Target.WriteTo(writer, "target", request.CredentialStyle);
            writer.WriteBoolean("continuous", request.Continuous);
            if (request.CreateTarget)
            {
                writer.WriteBoolean("create_target", true);
            }

            if (request.Cancel)
            {
                writer.WriteBoolean("cancel", true);
            }

            writer.WriteEndObject();
        });
        using var answer = await _http.SendAsync(HttpMethod.Post, "_replicate", content, cancellationToken).ConfigureAwait(false);
        return answer.RootElement.Clone();
    }

    /// <summary><c>GET /_active_tasks</c> (pouchdb-server always answers an empty list).</summary>
    public async Task<CouchFeature<IReadOnlyList<JsonElement>>> GetActiveTasksAsync(CancellationToken cancellationToken = default)
    {
        var answer = await GetOptionalAsync("_active_tasks", cancellationToken).ConfigureAwait(false);
        return answer is { } tasks
            ? CouchFeature<IReadOnlyList<JsonElement>>.Supported(tasks.EnumerateArray().Select(task => task.Clone()).ToList())
            : CouchFeature<IReadOnlyList<JsonElement>>.NotSupported;
    }

    /// <summary><c>GET /_scheduler/jobs</c>: running replication jobs with their history (CouchDB 2.1+; not pouchdb-server).</summary>
    public async Task<CouchFeature<JsonElement>> GetSchedulerJobsAsync(CancellationToken cancellationToken = default) =>
        ToFeature(await GetOptionalAsync("_scheduler/jobs", cancellationToken).ConfigureAwait(false));

    /// <summary><c>GET /_scheduler/docs</c>: the state of every <c>_replicator</c> document (CouchDB 2.1+; not pouchdb-server).</summary>
    public async Task<CouchFeature<JsonElement>> GetSchedulerDocsAsync(CancellationToken cancellationToken = default) =>
        ToFeature(await GetOptionalAsync("_scheduler/docs", cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// <c>GET /_scheduler/docs/_replicator/{id}</c>: one document's state (<c>running</c>, <c>crashing</c>, …) and error
    /// count. Not supported on pouchdb-server; on CouchDB a missing document throws <see cref="CouchNotFoundException"/>.
    /// </summary>
    public async Task<CouchFeature<JsonElement>> GetSchedulerDocAsync(string replicationId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(replicationId);
        try
        {
            using var answer = await _http.SendAsync(
                HttpMethod.Get, $"_scheduler/docs/{CouchReplicator.DatabaseName}/{Uri.EscapeDataString(replicationId)}", null, cancellationToken).ConfigureAwait(false);
            return CouchFeature<JsonElement>.Supported(answer.RootElement.Clone());
        }
        catch (CouchNotFoundException exception) when (IsMissingEndpoint(exception))
        {
            return CouchFeature<JsonElement>.NotSupported;
        }
    }

    public void Dispose() => _http.Dispose();

    /// <inheritdoc />
    public override string ToString() => BaseUri.AbsoluteUri;

    private static CouchFeature<JsonElement> ToFeature(JsonElement? answer) =>
        answer is { } value ? CouchFeature<JsonElement>.Supported(value) : CouchFeature<JsonElement>.NotSupported;

    /// <summary>The cloned answer, or null when the server has no such endpoint (404).</summary>
    private async Task<JsonElement?> GetOptionalAsync(string relativeUri, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await _http.SendAsync(HttpMethod.Get, relativeUri, null, cancellationToken).ConfigureAwait(false);
            return answer.RootElement.Clone();
        }
        catch (CouchNotFoundException)
        {
            return null;
        }
    }

    /// <summary>pouchdb-server reads <c>/_scheduler/…</c> as a database called <c>_scheduler</c> and answers <c>no_db_file</c>.</summary>
    private static bool IsMissingEndpoint(CouchNotFoundException exception) =>
        exception.Reason is "no_db_file" or "Database does not exist.";

    private async Task<bool> IsRootAnsweringAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var _ = await _http.SendAsync(HttpMethod.Get, string.Empty, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (IsUnreachable(exception, cancellationToken) || exception is CouchException)
        {
            return false;
        }
    }

    private static bool IsUnreachable(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or IOException or TimeoutException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        || exception is CouchException { StatusCode: >= HttpStatusCode.InternalServerError };
}
