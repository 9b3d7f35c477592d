using System.Net;
using System.Net.Sockets;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Toxiproxy;

namespace Convergence.Cli.Chaos;

/// <summary>
/// Checks, before anything is started, that what the user pointed the run at answers: each <c>--url</c> (reachable,
/// and the credentials are a server admin's, as creating databases and replication documents needs), the
/// <c>--toxiproxy</c> API, a free <c>--toxiproxy-port</c>. A failure is one line of bad input (exit 2) carrying the
/// server's own reason, not a stack trace from the middle of a run.
/// </summary>
public static class ChaosPreflight
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The first problem found, as one line, or null when everything answers.</summary>
    public static async Task<string?> ProblemAsync(
        IReadOnlyList<Uri> urls, CouchCredentials? credentials, Uri? toxiproxy, int? toxiproxyPort, CancellationToken cancellationToken)
    {
        foreach (var url in urls)
        {
            if (await ServerProblemAsync(url, credentials, cancellationToken).ConfigureAwait(false) is { } problem) return problem;
        }

        if (toxiproxy is not null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            using var client = new ToxiproxyClient(toxiproxy);
            try
            {
                if (ServerIdentity.IsNotAVersion(await client.VersionAsync(timeout.Token).ConfigureAwait(false)))
                    return $"--toxiproxy {toxiproxy} answered, but is not a Toxiproxy API (GET /version is not a version)";
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return $"--toxiproxy {toxiproxy} is unreachable: {Reason(e)}";
            }
        }

        if (toxiproxyPort is { } port && !IsFree(port)) return $"--toxiproxy-port {port} is in use on 127.0.0.1";
        return null;
    }

    /// <summary>
    /// Why the run cannot use the server at <paramref name="url"/>, or null. It must answer <c>GET /</c>, and
    /// <c>GET /_session</c> must name a server admin (role <c>_admin</c>): CouchDB answers wrong credentials with 401
    /// <c>Name or password is incorrect.</c>, a locked account (3.4+) with 403 <c>Account is temporarily locked …</c>,
    /// and no credentials with an anonymous session. pouchdb-server in admin party mode makes everyone an admin.
    /// </summary>
    public static async Task<string?> ServerProblemAsync(Uri url, CouchCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        using var client = new CouchClient(url, credentials);
        var who = credentials is null
            ? $"without credentials (set {CouchCredentials.UserVariable} and {CouchCredentials.PasswordVariable})"
            : $"as {CouchCredentials.UserVariable} '{credentials.UserName}'";
        try
        {
            var info = await client.GetServerInfoAsync(timeout.Token).ConfigureAwait(false);
            if (ServerIdentity.NotCouchDb(info) is { } notCouchDb) return $"--url {Redacted(url)} answered, but is not a CouchDB server ({notCouchDb})";
            var session = await client.GetSessionAsync(timeout.Token).ConfigureAwait(false);
            if (session.IsAdmin) return null;
            var roles = session.Roles.Count == 0 ? "no roles" : "roles " + string.Join(", ", session.Roles);
            return $"--url {Redacted(url)}: {who} the run is not a server admin ({(session.UserName is null ? "anonymous" : $"user '{session.UserName}'")}, {roles}); " +
                   "it needs one to create databases and replication documents";
        }
        catch (CouchUnauthorizedException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            return $"--url {Redacted(url)} refused {who}: 403 {e.Reason}";
        }
        catch (CouchUnauthorizedException e)
        {
            return $"--url {Redacted(url)} refused {who}: {(int)e.StatusCode} {e.Reason}";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && ServerIdentity.AnsweredButNotCouchDb(e) is { } notCouchDb)
        {
            return $"--url {Redacted(url)} answered, but is not a CouchDB server ({notCouchDb})";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return $"--url {Redacted(url)} is unreachable: {Reason(e)}";
        }
    }

    /// <summary>A URL as it may be printed: without the user info (credentials are never logged).</summary>
    public static string Redacted(Uri url) =>
        url.UserInfo.Length == 0 ? url.AbsoluteUri : new UriBuilder(url) { UserName = "", Password = "" }.Uri.AbsoluteUri;

    /// <summary>True when nothing listens on 127.0.0.1:<paramref name="port"/> (checked by binding it for a moment).</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string Reason(Exception e) => e is OperationCanceledException
        ? $"no answer within {ProbeTimeout.TotalSeconds:0} s"
        : e is CouchException couch ? $"{(int)couch.StatusCode} {couch.Error}: {couch.Reason}"
        : ServerIdentity.Reason(e);
}
