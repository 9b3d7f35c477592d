using Convergence.Cli;
using Convergence.Cli.Modules;
using Xunit;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>Every bad input a hostile probe found ends in one line starting with <c>error:</c> and exit code 2, before any run.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public void Check_ModuleFileThatIsNotAnAssembly_SaysSo()
    {
        var garbage = Write("garbage.dll", "this is not a PE file");

        var line = OneErrorLine("check", "--module", garbage);

        Assert.Contains("garbage.dll is not a .NET assembly", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AssemblyWithoutAModule_SaysItHoldsNone()
    {
        var noModule = typeof(FactAttribute).Assembly.Location;

        var line = OneErrorLine("check", "--module", noModule);

        Assert.Contains("has no public DomainModule", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"version\":1,\"events\":{},\"regions\":[]}", "\"events\" must be an array, got an object")]
    [InlineData("{\"version\":1,\"events\":[],\"regions\":[5]}", "regions[0] of the trace must be an object, got a number")]
    [InlineData("{\"version\":1,\"events\":[],\"regions\":[{\"region\":7,\"order\":[]}]}", "regions[0].region of the trace must be a string")]
    [InlineData("{\"version\":1,\"events\":[],\"regions\":[{\"region\":\"eu\",\"order\":[\"x\"]}]}", "regions[0].order[0] of the trace must be an event index")]
    [InlineData("{\"version\":1,\"events\":[\"e\"],\"regions\":[]}", "events[0] of the trace must be an object, got a string")]
    [InlineData("{\"version\":\"one\",\"events\":[],\"regions\":[]}", "unsupported trace version")]
    [InlineData("not json", "the trace is not JSON")]
    public void Replay_TraceOfTheWrongShape_SaysWhereItIsWrong(string json, string expected)
    {
        var line = OneErrorLine("replay", Write("trace.json", json));

        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_TraceWithNoRegions_IsRefusedNotPassed()
    {
        var line = OneErrorLine("replay", Write("trace.json", "{\"version\":1,\"events\":[],\"regions\":[]}"));

        Assert.Contains("holds no region's delivery order", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--seed", "-1", "--seed must be a whole number from 0 to")]
    [InlineData("--histories", "x", "--histories must be a whole number of at least 1")]
    [InlineData("--histories", "0", "--histories must be a whole number of at least 1")]
    public void Check_BadNumber_GetsASentenceNotATypeName(string option, string value, string expected)
    {
        var line = OneErrorLine("check", option, value);

        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("UInt64", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("simulate")]
    [InlineData("chaos")]
    public void Out_IsAFile_IsToldBeforeTheRun(string command)
    {
        var file = Write("not-a-folder", "x");

        var line = OneErrorLine(command, "--out", file);

        Assert.Contains("is a file, not a folder", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("simulate")]
    [InlineData("chaos")]
    public void Out_UnderAFile_CannotBeCreated(string command)
    {
        var file = Write("a-file", "x");

        var line = OneErrorLine(command, "--out", Path.Combine(file, "reports"));

        Assert.Contains("cannot be created", line, StringComparison.Ordinal);
        Assert.Contains("is a file", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_InAFolderNobodyCanWriteTo_IsNotWritable()
    {
        // /proc refuses new files even to root, so this holds whoever runs the tests (a chmod'ed folder would not).
        if (!OperatingSystem.IsLinux()) return;

        var line = OneErrorLine("simulate", "--out", "/proc/convergence-reports");

        Assert.Contains("cannot be created: /proc is not writable", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Chaos_CredentialsInUrl_AreRefusedAtValidationNamingTheVariables()
    {
        // Port 1 would fail the preflight as unreachable: the credentials are told first, before anything is probed.
        var line = OneErrorLine("chaos", "--url", "http://admin:s3cret@127.0.0.1:1");

        Assert.Contains("carries credentials", line, StringComparison.Ordinal);
        Assert.Contains("COUCHDB_USER", line, StringComparison.Ordinal);
        Assert.Contains("COUCHDB_PASSWORD", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", line, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Chaos_RateAboveWhatPouchDbSustains_SaysStoredDocumentsPerSecondWithTheDecimal()
    {
        var line = OneErrorLine("chaos", "--rate", "13.4");

        // 3 regions: 13.4 own + 26.8 replicated per server, 120.6/s over the three embedded servers.
        Assert.Contains("40.2 docs/s stored per embedded server (own + replicated), 120.6/s in all, above the 120/s", line, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildFailureSummary_OfMsBuildOutput_QuotesTheFirstErrorsOnceWithTheCountAndTheCommand()
    {
        var project = Path.Combine(Path.GetTempPath(), "Mod", "Mod.csproj");
        var dir = Path.GetDirectoryName(project)!;
        string Error(int n) => $"{dir}/Module.cs({n},5): error CS1002: ; expected [{project}]";
        // MSBuild prints each error during the build and again in its summary.
        var output = string.Join('\n', Enumerable.Range(1, 5).Select(Error).Concat(Enumerable.Range(1, 5).Select(Error))
            .Append("    0 Warning(s)").Append("    10 Error(s)"));

        var summary = BuildFailureSummary.Of(project, output);

        Assert.Equal(
            $"the build failed with 5 errors: Module.cs(1,5): error CS1002: ; expected; Module.cs(2,5): error CS1002: ; expected; " +
            $"Module.cs(3,5): error CS1002: ; expected (and 2 more); run `dotnet build {project}` to see them all",
            summary);
    }

    public void Dispose() => _cli.Dispose();

    private string Write(string name, string content)
    {
        var path = Path.Combine(_cli.OutDirectory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string OneErrorLine(params string[] args)
    {
        var (code, output) = _cli.Run(args);
        Assert.True(code == ExitCodes.BadArguments, $"exit {code}:\n{output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{output}");
        Assert.StartsWith("error:", lines[0], StringComparison.Ordinal);
        return lines[0];
    }
}
