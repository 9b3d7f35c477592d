using Convergence.Cli.Commands;
using Convergence.Cli.Infrastructure;
using Convergence.Cli.Lifetime;
using Convergence.Domain.Modules;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Convergence.Cli;

/// <summary>
/// Builds the <c>convergence</c> command app. Each command is one line of <see cref="Register"/>;
/// services (console, clock, domain catalog) are injected so tests run the app in-process.
/// </summary>
public static class CliApp
{
    /// <param name="console">Where output goes (default: the terminal).</param>
    /// <param name="catalog">The domain (default: the social network).</param>
    /// <param name="clock">The clock that names report folders (default: the system's).</param>
    /// <param name="scratch">Where runs track their scratch folders so that every exit path removes them (default: a fresh set).</param>
    public static CommandApp Create(IAnsiConsole? console = null, DomainCatalog? catalog = null, TimeProvider? clock = null, ScratchFolders? scratch = null)
    {
        var output = console ?? AnsiConsole.Console;
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(IAnsiConsole), output);
        registrar.RegisterInstance(typeof(DomainCatalog), catalog ?? DomainCatalog.SocialNetwork());
        registrar.RegisterInstance(typeof(TimeProvider), clock ?? TimeProvider.System);
        registrar.RegisterInstance(typeof(ScratchFolders), scratch ?? new ScratchFolders());

        var app = new CommandApp(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("convergence");
            config.ConfigureConsole(output);
            // An unknown option is a typo to report, not something to ignore.
            config.UseStrictParsing();
            config.SetExceptionHandler((exception, _) => HandleError(output, exception));
            Register(config);
        });
        return app;
    }

    /// <summary>The command list; add new commands (chaos, check, toxiproxy, replay) here.</summary>
    private static void Register(IConfigurator config)
    {
        config.AddCommand<ChaosCommand>("chaos")
            .WithDescription("Run a scenario on real replicas through a fault proxy: live display, lag plots, time to converge, the simulator beside it.")
            .WithExample("chaos")
            .WithExample("chaos", "--scenario", "mixed", "--duration", "90s", "--seed", "7");
        config.AddCommand<SimulateCommand>("simulate")
            .WithDescription("Run a scenario in the deterministic simulator and check that the regions converge.")
            .WithExample("simulate", "--scenario", "partition", "--seed", "42")
            .WithExample("simulate", "--seeds", "1..200", "--scenario", "swarm");
        config.AddCommand<CampaignMergeCommand>("campaign-merge")
            .WithDescription("Merge the campaign.json of campaigns run over disjoint seed ranges (a CI matrix) into one; exit 1 if any seed failed.")
            .WithExample("campaign-merge", "reports/a/campaign.json", "reports/b/campaign.json", "--out", "campaign.json");
        config.AddCommand<CheckCommand>("check")
            .WithDescription("Certify the event handlers law by law: commutativity matrix, idempotence, no-throw, spec, order coverage.")
            .WithExample("check", "--module", "samples/CheckIns");
        config.AddCommand<ReplayTraceCommand>("replay")
            .WithDescription("Re-run a run's recorded delivery orders in-process; shrink a divergence to a minimal counterexample.")
            .WithExample("replay", "reports/20261130-120000-partition/trace.json");
        config.AddCommand<ToxiproxyCommand>("toxiproxy")
            .WithDescription("Run the embedded Toxiproxy-compatible fault proxy on its own until Ctrl+C.")
            .WithExample("toxiproxy", "--port", "8474");
    }

    /// <summary>Bad input becomes one line and exit code 2 — no stack trace; anything else is a harness error.</summary>
    private static int HandleError(IAnsiConsole console, Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            console.MarkupLine("[yellow]cancelled[/]");
            return ExitCodes.Cancelled;
        }
        var badInput = exception is CommandAppException or ArgumentException or FormatException or OverflowException;
        var message = exception.Message.ReplaceLineEndings(" ").Trim();
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return badInput ? ExitCodes.BadArguments : ExitCodes.InternalError;
    }
}
