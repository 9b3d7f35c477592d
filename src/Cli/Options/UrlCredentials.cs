using Convergence.Cluster.CouchDb;

namespace Convergence.Cli.Options;

/// <summary>
/// Refuses credentials written into a URL (<c>http://admin:secret@host:5984</c>) when the options are validated, before
/// anything is probed or run: they would end up in shell history, process listings and printed repeat commands.
/// </summary>
public static class UrlCredentials
{
    /// <summary>One line naming the environment variables to use instead, or null when the URL carries no user info.</summary>
    public static string? Problem(Uri url) => url.UserInfo.Length == 0
        ? null
        : $"--url {url.Scheme}://{url.Authority}{url.AbsolutePath} carries credentials: give them in {CouchCredentials.UserVariable} and " +
          $"{CouchCredentials.PasswordVariable} instead (they are never logged)";
}
