using System.Diagnostics;
using System.Text;

namespace Convergence.Packaging.Tests;

/// <summary>What a finished child process printed (stdout and stderr interleaved as they came) and how it exited.</summary>
public sealed record ChildProcessResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"`{Command}` exited {ExitCode}:\n{Output}";
}

/// <summary>
/// Runs the dotnet CLI and installed tools as child processes: output captured, a generous timeout after which the
/// whole process tree is killed by id, and no build servers or MSBuild nodes left running after it exits.
/// </summary>
public static class ChildProcess
{
    /// <summary>The dotnet host running these tests, so children use the same SDK and runtime.</summary>
    public static string Dotnet { get; } =
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public static async Task<ChildProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Children must not outlive the test: no MSBuild node reuse, no shared compiler server.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        if (Path.IsPathRooted(Dotnet)) start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Dotnet)!;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var command = Path.GetFileName(fileName) + " " + string.Join(" ", arguments);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"`{command}` did not finish within {timeout}:\n{Text(output)}");
        }
        return new ChildProcessResult(command, process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output) output.Append(line).Append('\n');
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
