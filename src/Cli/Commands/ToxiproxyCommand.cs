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

        [CommandOption("--config <FILE>")]
        [Description("JSON file of proxies to create at start (the array /populate takes), like toxiproxy-server -config")]
        public string? Config { get; init; }

        [CommandOption("--proxy-metrics")]
        [Description("serve /metrics with per-proxy byte counters (Prometheus text)")]
        public bool ProxyMetrics { get; init; }

        [CommandOption("--runtime-metrics")]
        [Description("serve /metrics with process figures (Prometheus text)")]
        public bool RuntimeMetrics { get; init; }

        [CommandOption("--seed <SEED>")]
        [Description("seed for toxicity rolls, jitter and slice sizes (default: random)")]
        public int? Seed { get; init; }

        public override ValidationResult Validate()
        {
            if (Port is < 0 or > 65535)
            {
                return ValidationResult.Error($"--port must be 0-65535, got {Port}");
            }

            return Config is not null && !File.Exists(Config)
                ? ValidationResult.Error($"--config file '{Config}' does not exist")
                : ValidationResult.Success();
        }
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
        var options = new ToxiproxyServerOptions
        {
            Host = settings.Host,
            Port = settings.Port,
            ProxyMetrics = settings.ProxyMetrics,
            RuntimeMetrics = settings.RuntimeMetrics,
            Random = settings.Seed is { } seed ? new Random(seed) : null,
            Log = line => console.WriteLine(line),
        };
        ToxiproxyServer server;
        try
        {
            server = await ToxiproxyServer.StartAsync(options, stop.Token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            console.MarkupLine($"[red]error:[/] cannot listen on {Markup.Escape(settings.Host)}:{settings.Port}: {Markup.Escape(e.Message)}");
            return ExitCodes.BadArguments;
        }

        await using (server.ConfigureAwait(false))
        {
            if (settings.Config is { } config)
            {
                try
                {
                    var names = await server.PopulateFromFileAsync(config, stop.Token).ConfigureAwait(false);
                    console.MarkupLine($"populated {names.Count} prox{(names.Count == 1 ? "y" : "ies")} from {Markup.Escape(config)}");
                }
                catch (Exception e) when (e is ToxiproxyException or IOException or UnauthorizedAccessException)
                {
                    var reason = e is ToxiproxyException toxiproxy ? toxiproxy.ErrorMessage : e.Message;
                    console.MarkupLine($"[red]error:[/] --config {Markup.Escape(config)}: {Markup.Escape(reason)}");
                    return ExitCodes.BadArguments;
                }
            }

            console.MarkupLine($"toxiproxy API listening on [blue]{Markup.Escape(server.BaseAddress.ToString())}[/] (Ctrl+C stops)");
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Requested shutdown.
            }
        }

        return ExitCodes.Converged;
    }
}
