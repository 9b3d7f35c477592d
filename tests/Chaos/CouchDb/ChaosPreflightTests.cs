using System.Net;
using Convergence.Chaos.Tests.Commands;
using Convergence.Cli;
using Convergence.Cli.Chaos;
using Convergence.Cluster.CouchDb;
using Xunit;

namespace Convergence.Chaos.Tests.CouchDb;

/// <summary>
/// The preflight of <c>chaos --url</c> against a server that answers like CouchDB 3 (bodies from couch_httpd_auth.erl):
/// every credential problem is one line with CouchDB's own reason, before anything starts.
/// </summary>
[Collection(Live.LiveClusterCollection.Name)] // the chaos command reads COUCHDB_USER, which another test of the collection sets
public sealed class ChaosPreflightTests
{
    private static readonly CouchCredentials Admin = new("admin", "s3cret-admin");

    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    /// <summary>CouchDB 3.5: admin/s3cret-admin is an admin, bob/bobpw a plain user, locked/x is locked out, no credentials is anonymous.</summary>
    private static (HttpStatusCode, string) CouchDb(FakeCouchServer.FakeRequest request)
    {
        if (request.Path == "/") return (HttpStatusCode.OK, FakeCouchServer.CouchDbWelcome);
        if (request.Path != "/_session") return (HttpStatusCode.NotFound, """{"error":"not_found","reason":"missing"}""");
        var user = request.Authorization is { } header
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]))
            : null;
        return user switch
        {
            null => (HttpStatusCode.OK, """{"ok":true,"userCtx":{"name":null,"roles":[]},"info":{"authentication_handlers":["cookie","default"]}}"""),
            "admin:s3cret-admin" => (HttpStatusCode.OK, """{"ok":true,"userCtx":{"name":"admin","roles":["_admin"]},"info":{"authentication_handlers":["cookie","default"],"authenticated":"default"}}"""),
            "bob:bobpw" => (HttpStatusCode.OK, """{"ok":true,"userCtx":{"name":"bob","roles":["reader"]},"info":{"authentication_handlers":["cookie","default"],"authenticated":"default"}}"""),
            "locked:x" => (HttpStatusCode.Forbidden, """{"error":"forbidden","reason":"Account is temporarily locked due to multiple authentication failures"}"""),
            _ => (HttpStatusCode.Unauthorized, """{"error":"unauthorized","reason":"Name or password is incorrect."}"""),
        };
    }

    [Fact]
    public async Task ServerProblem_AdminCredentials_IsNone()
    {
        await using var server = new FakeCouchServer(CouchDb);

        Assert.Null(await ChaosPreflight.ServerProblemAsync(server.BaseUri, Admin, Timeout));
        Assert.Contains("GET /_session", server.Requests);
    }

    [Fact]
    public async Task ServerProblem_WrongPassword_SaysCouchDbsReasonAndNeverThePassword()
    {
        await using var server = new FakeCouchServer(CouchDb);

        var problem = await ChaosPreflight.ServerProblemAsync(server.BaseUri, new CouchCredentials("admin", "wrong-pw"), Timeout);

        Assert.Equal($"--url {server.BaseUri} refused as COUCHDB_USER 'admin': 401 Name or password is incorrect.", problem);
    }

    [Fact]
    public async Task ServerProblem_LockedAccount_Says403AndTheLockNotWrongCredentials()
    {
        await using var server = new FakeCouchServer(CouchDb);

        var problem = await ChaosPreflight.ServerProblemAsync(server.BaseUri, new CouchCredentials("locked", "x"), Timeout);

        Assert.Equal($"--url {server.BaseUri} refused as COUCHDB_USER 'locked': 403 Account is temporarily locked due to multiple authentication failures", problem);
    }

    [Fact]
    public async Task ServerProblem_UserWithoutTheAdminRole_SaysItIsNotAServerAdmin()
    {
        await using var server = new FakeCouchServer(CouchDb);

        var problem = await ChaosPreflight.ServerProblemAsync(server.BaseUri, new CouchCredentials("bob", "bobpw"), Timeout);

        Assert.NotNull(problem);
        Assert.Contains("is not a server admin (user 'bob', roles reader)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProblem_NoCredentials_SaysWhichVariablesToSet()
    {
        await using var server = new FakeCouchServer(CouchDb);

        var problem = await ChaosPreflight.ServerProblemAsync(server.BaseUri, null, Timeout);

        Assert.NotNull(problem);
        Assert.Contains("without credentials (set COUCHDB_USER and COUCHDB_PASSWORD)", problem, StringComparison.Ordinal);
        Assert.Contains("not a server admin (anonymous, no roles)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chaos_UrlWithoutAdminRights_ExitsWith2AndOneLineBeforeAnythingStarts()
    {
        await using var server = new FakeCouchServer(CouchDb);
        using var cli = new ChaosCli();

        // The test host runs without COUCHDB_USER, so the command asks anonymously, as a user who forgot to set it would.
        var run = await cli.RunAsync("chaos", "--backend", "couchdb", "--url", server.BaseUri.AbsoluteUri, "--out", cli.OutDirectory);

        Assert.True(run.ExitCode == ExitCodes.BadArguments, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, run.ToString());
        Assert.StartsWith("error: --url", lines[0], StringComparison.Ordinal);
        Assert.Contains("not a server admin", lines[0], StringComparison.Ordinal);
        Assert.Null(run.ReportFolder);
        Assert.DoesNotContain(server.Requests, r => r.StartsWith("PUT", StringComparison.Ordinal));
    }
}
