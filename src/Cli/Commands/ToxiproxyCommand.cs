using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Convergence.Cluster.Toxiproxy;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Convergence.Cli.Commands;

/// <summary>
/// <c>convergence toxiproxy</c>: the embedded Toxiproxy-compatible server on its own, until Ctrl+C,
/// so any Toxiproxy client in any language can drive it.
/// </summary>
public sealed class ToxiproxyCommand(IAnsiConsole console) : AsyncCommand<ToxiproxyCommand.Settings>
{
    /// <summary>The options of <c>toxiproxy</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--host <HOST>")]
        [Description("address to bind the API to (default 127.0.0.1)")]
        public string Host { get; init; } = "127.0.0.1";

        [CommandOption("--port <PORT>")]
        [Description("API port (default 8474, Toxiproxy's)")]
        public int Port { get; init; } = 8474;

        public override ValidationResult Validate() =>
            Port is < 0 or > 65535 ? ValidationResult.Error($"--port must be 0-65535, got {Port}") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Ctrl+C and SIGTERM (a supervisor, or `kill PID`) both stop it cleanly.
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            await ToxiproxyServer.RunAsync(new ToxiproxyServerOptions { Host = settings.Host, Port = settings.Port },
                uri => console.MarkupLine($"toxiproxy API listening on [blue]{Markup.Escape(uri.ToString())}[/] (Ctrl+C stops)"),
                stop.Token).ConfigureAwait(false);
            return ExitCodes.Converged;
        }
        catch (SocketException e)
        {
            console.MarkupLine($"[red]error:[/] cannot listen on {Markup.Escape(settings.Host)}:{settings.Port}: {Markup.Escape(e.Message)}");
            return ExitCodes.BadArguments;
        }
    }
}
