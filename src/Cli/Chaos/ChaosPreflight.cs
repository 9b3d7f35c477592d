using System.Net;
using System.Net.Sockets;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Toxiproxy;

namespace Convergence.Cli.Chaos;

/// <summary>
/// Checks, before anything is started, that what the user pointed the run at answers: each <c>--url</c>, the
/// <c>--toxiproxy</c> API, a free <c>--toxiproxy-port</c>. A failure is one line of bad input (exit 2), not a
/// stack trace from the middle of a run.
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
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            using var client = new CouchClient(url, credentials);
            try
            {
                var info = await client.GetServerInfoAsync(timeout.Token).ConfigureAwait(false);
                if (ServerIdentity.NotCouchDb(info) is { } notCouchDb) return $"--url {Redacted(url)} answered, but is not a CouchDB server ({notCouchDb})";
            }
            catch (CouchUnauthorizedException)
            {
                return $"--url {Redacted(url)} refused the credentials (set {CouchCredentials.UserVariable} and {CouchCredentials.PasswordVariable})";
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
        : ServerIdentity.Reason(e);
}
