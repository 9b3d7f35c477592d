using System.Text;
using Convergence.Chaos.Tests.Live;
using Convergence.Cli;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Live;
using Xunit;
using Xunit.Abstractions;

namespace Convergence.Chaos.Tests.Commands;

/// <summary>
/// <c>convergence chaos --url …</c> on servers shared with other runs, credentials from the environment as a user gives
/// them: two runs in a row both converge, leftovers are reported and removed with <c>--clean</c>, and the password is
/// in no line printed, no file of the report folder and no document left on the servers.
/// </summary>
[Collection(LiveClusterCollection.Name)]
public sealed class ChaosSharedServersTests(AdminPouchDbServers servers, ITestOutputHelper output) : IClassFixture<AdminPouchDbServers>, IDisposable
{
    private readonly ChaosCli _cli = new();

    [Fact]
    public async Task Chaos_TwoRunsOnSharedServers_BothConverge_CleanRemovesLeftovers_AndThePasswordIsNowhere()
    {
        var prefix = $"cli{Guid.NewGuid():N}"[..10] + "-";
        string[] urls = [.. servers.Urls.SelectMany(u => new[] { "--url", u.AbsoluteUri })];
        var leftover = $"{prefix}old-run-eu";
        ChaosCli.ChaosRun first, second;
        var previousUser = Environment.GetEnvironmentVariable(CouchCredentials.UserVariable);
        var previousPassword = Environment.GetEnvironmentVariable(CouchCredentials.PasswordVariable);
        Environment.SetEnvironmentVariable(CouchCredentials.UserVariable, servers.Credentials.UserName);
        Environment.SetEnvironmentVariable(CouchCredentials.PasswordVariable, servers.Credentials.Password);
        try
        {
            // A replica restart on a server the harness did not start is played by isolating the region.
            first = await _cli.RunAsync(["chaos", "--scenario", "restart", "--duration", "10s", "--rate", "2", "--seed", "5", "--db-prefix", prefix, "--out", _cli.OutDirectory, .. urls]);
            using (var client = new CouchClient(servers.Urls[2], servers.Credentials))
            {
                await client.CreateDatabaseAsync(leftover);
            }

            second = await _cli.RunAsync(["chaos", "--scenario", "partition", "--duration", "6s", "--rate", "2", "--seed", "6", "--db-prefix", prefix, "--clean", "--out", _cli.OutDirectory, .. urls]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(CouchCredentials.UserVariable, previousUser);
            Environment.SetEnvironmentVariable(CouchCredentials.PasswordVariable, previousPassword);
        }

        output.WriteLine(first.ToString());
        output.WriteLine(second.ToString());
        foreach (var run in new[] { first, second })
        {
            Assert.True(run.ExitCode == ExitCodes.Converged, run.ToString());
            Assert.Equal("Converged", run.Verdict);
            Assert.Contains("shared servers: removed 6 replication document(s) and 3 database(s)", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("replica processes", run.Output, StringComparison.Ordinal);
            var report = await File.ReadAllTextAsync(Path.Combine(run.ReportFolder!, "report.md"));
            Assert.Contains("## Fault schedule: planned and actual", report, StringComparison.Ordinal);
            Assert.Contains("pouchdb-server", report, StringComparison.Ordinal);
        }

        // The emulated restart gets its own time to converge, like a network heal.
        Assert.Contains("time to converge after heal replica restart us", first.Output, StringComparison.Ordinal);
        Assert.Contains($"removing leftovers of earlier runs: {servers.Urls[2]}: 1 database(s) ({leftover})", second.Output, StringComparison.Ordinal);
        Assert.Empty(await servers.NamesUnderAsync(prefix));

        var password = servers.Credentials.Password;
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{servers.Credentials.UserName}:{password}"));
        var everything = first.Output + second.Output + await servers.EverythingStoredAsync() +
                         string.Concat(Directory.EnumerateFiles(_cli.OutDirectory, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.DoesNotContain(password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, everything, StringComparison.Ordinal);
    }

    public void Dispose() => _cli.Dispose();
}
