using Convergence.Cli;
using Convergence.Domain.Modules;
using Spectre.Console;

namespace Convergence.Properties.Tests.Simulation;

/// <summary>Runs the <c>convergence</c> app in-process with a plain console captured to a string.</summary>
internal sealed class CliHarness : IDisposable
{
    public CliHarness() => Directory.CreateDirectory(OutDirectory);

    public string OutDirectory { get; } = Path.Combine(Path.GetTempPath(), "convergence-tests", Guid.NewGuid().ToString("N"));

    public (int ExitCode, string Output) Run(DomainCatalog? catalog, params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        var exitCode = CliApp.Create(console, catalog).Run(args);
        return (exitCode, writer.ToString());
    }

    public (int ExitCode, string Output) Run(params string[] args) => Run(null, args);

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
}
