using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>The answer of <c>GET /</c>: who the server is.</summary>
/// <param name="Version">The <c>version</c> field (e.g. <c>3.4.2</c>, or <c>4.2.0</c> for pouchdb-server).</param>
/// <param name="VendorName">The <c>vendor.name</c> field (e.g. <c>The Apache Software Foundation</c>, <c>PouchDB authors</c>).</param>
/// <param name="Raw">The whole answer.</param>
public sealed record CouchServerInfo(string? Version, string? VendorName, JsonElement Raw)
{
    /// <summary>True when the server is pouchdb-server (express-pouchdb), which lacks <c>_up</c> and <c>_scheduler</c>.</summary>
    public bool IsPouchDb => Raw.TryGetProperty("express-pouchdb", out _);

    /// <summary>
    /// How replication endpoints should carry credentials on this server: CouchDB 3.2+ takes the <c>auth</c> object;
    /// older CouchDB and pouchdb-server (whose replicator reads only <c>headers.Authorization</c>) take the header.
    /// </summary>
    public ReplicationCredentialStyle ReplicationCredentialStyle =>
        !IsPouchDb && System.Version.TryParse(Version, out var version) && version >= new System.Version(3, 2)
            ? ReplicationCredentialStyle.AuthObject
            : ReplicationCredentialStyle.AuthorizationHeader;

    internal static CouchServerInfo FromJson(JsonElement root)
    {
        string? vendor = null;
        if (root.TryGetProperty("vendor", out var vendorElement) && vendorElement.ValueKind == JsonValueKind.Object)
        {
            vendor = vendorElement.GetStringOrNull("name");
        }

        return new CouchServerInfo(root.GetStringOrNull("version"), vendor, root.Clone());
    }
}
