namespace Convergence.Packaging.Tests;

/// <summary>The `convergence` command installed as a .NET tool from the folder feed, outside any checkout.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ToolPackageTests(PackedFeed feed)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_tool_installed_from_the_folder_feed_runs_a_steady_simulation_to_convergence()
    {
        Assert.True(feed.Pack.ExitCode == 0, feed.Pack.ToString());
        var tools = Path.Combine(feed.WorkDirectory, "tools");
        var reports = Path.Combine(feed.WorkDirectory, "reports");

        // The README's command, outside any repository (the consumer's nuget.config maps sources, which --add-source refuses).
        // The version is this run's unique one, so only the folder feed can have it.
        var install = await ChildProcess.RunAsync(ChildProcess.Dotnet,
            ["tool", "install", "--tool-path", tools, "--add-source", feed.Feed, "--version", feed.Version, "convergence"],
            feed.WorkDirectory, Timeout);
        Assert.True(install.ExitCode == 0, install.ToString());

        var simulate = await ChildProcess.RunAsync(Path.Combine(tools, "convergence"),
            ["simulate", "--scenario", "steady", "--duration", "10s", "--seed", "1", "--out", reports], feed.WorkDirectory, Timeout);

        Assert.True(simulate.ExitCode == 0, simulate.ToString());
        Assert.Contains("verdict: Converged", simulate.Output);
        var report = Assert.Single(Directory.GetDirectories(reports));
        // The plot needs SkiaSharp's native library: present only if the tool packed its dependencies' runtime assets.
        Assert.True(new FileInfo(Path.Combine(report, "lag.png")).Length > 0);
        Assert.True(File.Exists(Path.Combine(report, "summary.json")));
    }
}
