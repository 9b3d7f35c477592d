using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>One database on a CouchDB server: documents in and out as raw JSON, and its <c>_changes</c> feed.</summary>
public sealed class CouchDatabase
{
    private readonly CouchHttp _http;
    private readonly string _path;

    internal CouchDatabase(CouchHttp http, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _http = http;
        Name = name;
        _path = Uri.EscapeDataString(name);
    }

    public string Name { get; }

    /// <summary>The database's absolute URI (no credentials), e.g. for replication endpoints.</summary>
    public Uri Uri => new(_http.Options.BaseUri, _path);

    /// <summary>The server this database lives on.</summary>
    public Uri ServerUri => _http.Options.BaseUri;

    /// <summary>
    /// <c>POST /db/_compact</c> (admin): drops the bodies of old and deleted revisions from the file, e.g. the
    /// credentials a deleted replication document held. The server compacts in the background.
    /// </summary>
    public async Task CompactAsync(CancellationToken cancellationToken = default)
    {
        using var content = CouchHttp.JsonContent("{}"u8.ToArray());
        using var _ = await _http.SendAsync(HttpMethod.Post, $"{_path}/_compact", content, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CouchDatabaseInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        using var answer = await _http.SendAsync(HttpMethod.Get, _path, null, cancellationToken).ConfigureAwait(false);
        return CouchDatabaseInfo.FromJson(answer.RootElement);
    }

    /// <summary>Creates (or, with <c>_rev</c> in the body, updates) a document; 409 becomes <see cref="CouchConflictException"/>.</summary>
    public Task<DocumentWriteResult> PutDocumentAsync(string id, JsonElement document, CancellationToken cancellationToken = default) =>
        PutDocumentAsync(id, JsonSerializer.SerializeToUtf8Bytes(document), cancellationToken);

    /// <summary>Creates (or updates) a document from its UTF-8 JSON body, as produced by the domain's codec.</summary>
    public async Task<DocumentWriteResult> PutDocumentAsync(string id, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
    {
        using var answer = await _http.SendAsync(
            HttpMethod.Put, DocumentPath(id), CouchHttp.JsonContent(utf8Json), cancellationToken).ConfigureAwait(false);
        return new DocumentWriteResult(
            answer.RootElement.GetStringOrNull("id") ?? id,
            answer.RootElement.GetStringOrNull("rev") ?? string.Empty);
    }

    /// <summary>Reads a document; a missing one throws <see cref="CouchNotFoundException"/>.</summary>
    public async Task<JsonElement> GetDocumentAsync(string id, CancellationToken cancellationToken = default)
    {
        using var answer = await _http.SendAsync(HttpMethod.Get, DocumentPath(id), null, cancellationToken).ConfigureAwait(false);
        return answer.RootElement.Clone();
    }

    public async Task<DocumentWriteResult> DeleteDocumentAsync(string id, string revision, CancellationToken cancellationToken = default)
    {
        var uri = $"{DocumentPath(id)}?rev={Uri.EscapeDataString(revision)}";
        using var answer = await _http.SendAsync(HttpMethod.Delete, uri, null, cancellationToken).ConfigureAwait(false);
        return new DocumentWriteResult(id, answer.RootElement.GetStringOrNull("rev") ?? string.Empty);
    }

    /// <summary>Writes many documents in one request; per-document rejections come back as values in the rows.</summary>
    public async Task<IReadOnlyList<BulkDocResult>> BulkDocsAsync(IEnumerable<JsonElement> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var content = CouchHttp.JsonContent(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("docs");
            foreach (var document in documents)
            {
                document.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        using var answer = await _http.SendAsync(HttpMethod.Post, $"{_path}/_bulk_docs", content, cancellationToken).ConfigureAwait(false);
        var rows = new List<BulkDocResult>();
        foreach (var row in answer.RootElement.EnumerateArray())
        {
            rows.Add(BulkDocResult.FromJson(row));
        }

        return rows;
    }

    public async Task<AllDocsResult> GetAllDocsAsync(AllDocsQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new AllDocsQuery();
        var parameters = new List<string>();
        if (query.IncludeDocs)
        {
            parameters.Add("include_docs=true");
        }

        if (query.Limit is { } limit)
        {
            parameters.Add($"limit={limit.ToString(CultureInfo.InvariantCulture)}");
        }

        if (query.StartKey is { } startKey)
        {
            parameters.Add($"startkey={Uri.EscapeDataString(JsonSerializer.Serialize(startKey))}");
        }

        if (query.EndKey is { } endKey)
        {
            parameters.Add($"endkey={Uri.EscapeDataString(JsonSerializer.Serialize(endKey))}");
        }

        var uri = WithQuery($"{_path}/_all_docs", parameters);
        HttpContent? content = null;
        var method = HttpMethod.Get;
        if (query.Keys is { } keys)
        {
            method = HttpMethod.Post;
            content = CouchHttp.JsonContent(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("keys");
                foreach (var key in keys)
                {
                    writer.WriteStringValue(key);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }

        using var answer = await _http.SendAsync(method, uri, content, cancellationToken).ConfigureAwait(false);
        var rows = new List<AllDocsRow>();
        foreach (var row in answer.RootElement.GetProperty("rows").EnumerateArray())
        {
            rows.Add(AllDocsRow.FromJson(row));
        }

        return new AllDocsResult(answer.RootElement.GetInt64OrNull("total_rows") ?? rows.Count, rows);
    }

    /// <summary>
    /// One normal or longpoll <c>_changes</c> request. A longpoll is read with <see cref="ChangesQuery.ReadTimeout"/>
    /// as an idle limit (heartbeat newlines reset it) and throws <see cref="TimeoutException"/> on silence.
    /// </summary>
    public async Task<ChangesResult> GetChangesAsync(ChangesQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new ChangesQuery();
        if (query.Feed == ChangesFeedMode.Continuous)
        {
            throw new ArgumentException("Use FollowChanges for a continuous feed.", nameof(query));
        }

        if (query.Feed == ChangesFeedMode.LongPoll && query.ReadTimeout <= query.Heartbeat)
        {
            throw new ArgumentException($"ReadTimeout ({query.ReadTimeout}) must be longer than Heartbeat ({query.Heartbeat}).", nameof(query));
        }

        var uri = ChangesUri(query.Feed, query.Since, query.IncludeDocs, query.Limit, query.Feed == ChangesFeedMode.LongPoll ? query.Heartbeat : null,
            query.AllLeafRevisions);
        if (query.Feed == ChangesFeedMode.Normal)
        {
            using var answer = await _http.SendAsync(HttpMethod.Get, uri, null, cancellationToken).ConfigureAwait(false);
            return ParseChanges(answer.RootElement);
        }

        using var response = await _http.SendStreamingAsync(HttpMethod.Get, uri, null, query.ReadTimeout, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var body = await StreamReading.ReadToEndAsync(stream, query.ReadTimeout, cancellationToken).ConfigureAwait(false);
        // Heartbeats are leading newlines; the JSON reader skips that whitespace.
        using var document = JsonDocument.Parse(body);
        return ParseChanges(document.RootElement);
    }

    /// <summary>
    /// Follows the <c>_changes</c> feed for as long as the caller enumerates, reconnecting from the last sequence after
    /// dropped connections, refused connections (a killed server) and idle timeouts.
    /// </summary>
    public ChangesFeed FollowChanges(ChangesFeedOptions? options = null)
    {
        options ??= new ChangesFeedOptions();
        options.Validate();
        return new ChangesFeed(this, options);
    }

    internal CouchHttp Http => _http;

    internal string ChangesUri(ChangesFeedMode feed, ChangeSequence since, bool includeDocs, int? limit, TimeSpan? heartbeat,
        bool allLeafRevisions = false)
    {
        var parameters = new List<string>();
        switch (feed)
        {
            case ChangesFeedMode.LongPoll:
                parameters.Add("feed=longpoll");
                break;
            case ChangesFeedMode.Continuous:
                parameters.Add("feed=continuous");
                break;
        }

        if (!since.IsStart)
        {
            parameters.Add($"since={Uri.EscapeDataString(since.ToQueryValue())}");
        }

        if (includeDocs)
        {
            parameters.Add("include_docs=true");
        }

        if (limit is { } value)
        {
            parameters.Add($"limit={value.ToString(CultureInfo.InvariantCulture)}");
        }

        if (allLeafRevisions)
        {
            parameters.Add("style=all_docs");
        }

        if (heartbeat is { } interval)
        {
            parameters.Add($"heartbeat={((long)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}");
        }

        return WithQuery($"{_path}/_changes", parameters);
    }

    internal static ChangesResult ParseChanges(JsonElement root)
    {
        var rows = new List<ChangeRow>();
        if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            foreach (var row in results.EnumerateArray())
            {
                rows.Add(ChangeRow.FromJson(row));
            }
        }

        var lastSequence = root.TryGetProperty("last_seq", out var last) ? ChangeSequence.FromJson(last)
            : rows.Count > 0 ? rows[^1].Sequence
            : ChangeSequence.Start;
        return new ChangesResult(rows, lastSequence, root.GetInt64OrNull("pending"));
    }

    private string DocumentPath(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        // Design and local documents keep their slash; everything else is one escaped path segment.
        foreach (var prefix in (ReadOnlySpan<string>)["_design/", "_local/"])
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal))
            {
                return $"{_path}/{prefix}{Uri.EscapeDataString(id[prefix.Length..])}";
            }
        }

        return $"{_path}/{Uri.EscapeDataString(id)}";
    }

    private static string WithQuery(string path, List<string> parameters) =>
        parameters.Count == 0 ? path : new StringBuilder(path).Append('?').AppendJoin('&', parameters).ToString();
}
