using System.Text.Json;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

public sealed class ReportWriterTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Simulate_WritesTheReportFolder()
    {
        _cli.Run("simulate", "--scenario", "partition", "--seed", "5", "--duration", "20s", "--out", _cli.OutDirectory);

        var folder = Assert.Single(Directory.GetDirectories(_cli.OutDirectory));
        Assert.Matches(@"\d{8}-\d{6}-partition$", folder);
        foreach (var file in new[] { "summary.json", "lag.csv", "lag.png", "lag-quantiles.png", "report.md" })
            Assert.True(new FileInfo(Path.Combine(folder, file)) is { Exists: true, Length: > 0 }, $"{file} missing or empty");

        var png = File.ReadAllBytes(Path.Combine(folder, "lag.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);

        var report = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("![lag over time](lag.png)", report);
        Assert.Contains("![lag quantiles](lag-quantiles.png)", report);
        Assert.Contains("convergence simulate --scenario partition --seed 5", report);

        var csv = File.ReadAllLines(Path.Combine(folder, "lag.csv"));
        Assert.Equal("event,origin,region,appended_ms,applied_ms,lag_ms,deliveries", csv[0]);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("Converged", root.GetProperty("verdict").GetString());
        Assert.Equal(5UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal((csv.Length - 1) / 3, root.GetProperty("counts").GetProperty("appended").GetInt64());
        Assert.Equal(folder, root.GetProperty("run").GetProperty("folder").GetString());
    }

    [Fact]
    public void Simulate_ReplayedSeed_WritesAnIdenticalSummaryApartFromTheRunFields()
    {
        string[] args = ["simulate", "--scenario", "crash", "--seed", "77", "--duration", "15s", "--out", _cli.OutDirectory];
        _cli.Run(args);
        _cli.Run(args);

        var folders = Directory.GetDirectories(_cli.OutDirectory).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, folders.Length);
        var summaries = folders.Select(f => WithoutRun(File.ReadAllText(Path.Combine(f, "summary.json")))).ToArray();
        Assert.Equal(summaries[0], summaries[1]);
        Assert.Equal(File.ReadAllText(Path.Combine(folders[0], "lag.csv")), File.ReadAllText(Path.Combine(folders[1], "lag.csv")));
    }

    private static string WithoutRun(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        node.Remove("run");
        return node.ToJsonString();
    }
}
