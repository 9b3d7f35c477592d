using System.Text.Json;

namespace Convergence.Cluster.CouchDb;

/// <summary>The answer of <c>GET /_session</c>: who the server takes the client for, and with which roles.</summary>
/// <param name="UserName">The authenticated name; null when the request was anonymous (or in pouchdb-server's admin party).</param>
/// <param name="Roles">The user's roles; a server admin has <c>_admin</c>.</param>
public sealed record CouchSession(string? UserName, IReadOnlyList<string> Roles)
{
    /// <summary>The role CouchDB gives server admins.</summary>
    public const string AdminRole = "_admin";

    /// <summary>True when the client may create databases and replication documents on this server.</summary>
    public bool IsAdmin => Roles.Contains(AdminRole, StringComparer.Ordinal);

    internal static CouchSession FromJson(JsonElement root)
    {
        string? name = null;
        var roles = new List<string>();
        if (root.TryGetProperty("userCtx", out var context) && context.ValueKind == JsonValueKind.Object)
        {
            name = context.GetStringOrNull("name");
            if (context.TryGetProperty("roles", out var array) && array.ValueKind == JsonValueKind.Array)
            {
                roles.AddRange(array.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!));
            }
        }

        return new CouchSession(name, roles);
    }
}
