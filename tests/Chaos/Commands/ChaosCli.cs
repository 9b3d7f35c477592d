using System.Text.Json;
using System.Text.RegularExpressions;
using Convergence.Cli;
using Convergence.Domain.Modules;
using Spectre.Console;

namespace Convergence.Chaos.Tests.Commands;

/// <summary>Runs <c>convergence chaos</c> in-process with a plain (non-interactive) console captured to a string.</summary>
internal sealed partial class ChaosCli : IDisposable
{
    public ChaosCli()
    {
        OutDirectory = Path.Combine(Path.GetTempPath(), "convergence-tests", "chaos-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(OutDirectory);
    }

    /// <summary>The <c>--out</c> folder: each run's report folder is created under it.</summary>
    public string OutDirectory { get; }

    public Task<ChaosRun> RunAsync(DomainCatalog? catalog, CancellationToken cancellationToken, params string[] args) =>
        RunAsync(catalog, new StringWriter(), cancellationToken, args);

    /// <summary>Runs with the console written to <paramref name="writer"/>, which the caller may read while the run goes on.</summary>
    public async Task<ChaosRun> RunAsync(DomainCatalog? catalog, StringWriter writer, CancellationToken cancellationToken, params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 240;
        var exitCode = await CliApp.Create(console, catalog).RunAsync(args, cancellationToken);
        return new ChaosRun(exitCode, writer.ToString(), Directory.GetDirectories(OutDirectory).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault());
    }

    public Task<ChaosRun> RunAsync(params string[] args) => RunAsync(null, CancellationToken.None, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(OutDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [GeneratedRegex(@"replica processes ([\d, ]+):")]
    private static partial Regex ReplicaPidsLine();

    /// <summary>One finished run: exit code, console text and the report folder (null when none was written).</summary>
    internal sealed record ChaosRun(int ExitCode, string Output, string? ReportFolder)
    {
        /// <summary>The replica process ids the command printed after stopping them.</summary>
        public IReadOnlyList<int> ReplicaPids
        {
            get
            {
                var match = ReplicaPidsLine().Match(Output);
                return match.Success ? match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray() : [];
            }
        }

        public string Verdict
        {
            get
            {
                using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReportFolder!, "summary.json")));
                return summary.RootElement.GetProperty("verdict").GetString()!;
            }
        }

        public override string ToString() => $"exit {ExitCode}\n{Output}";
    }
}
