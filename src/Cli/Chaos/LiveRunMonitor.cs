using System.Globalization;
using System.Text;
using Convergence.Cluster.Live;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;
using Spectre.Console;

namespace Convergence.Cli.Chaos;

/// <summary>
/// Shows a live run while it happens: per region appended, in its log, applied and the current lag, the open faults
/// and the elapsed time — a Spectre <c>Live</c> table refreshed twice a second on an interactive console, a plain line
/// every few seconds otherwise. It reads the recorder's <see cref="RunTally"/> (no lock, no copy) and polls each log's
/// document count once a second (one cheap <c>GET /db</c> per region), so it does not slow the run it watches.
/// </summary>
public sealed class LiveRunMonitor : IProgress<RunProgress>
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PlainLineEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LogPollEvery = TimeSpan.FromSeconds(1);

    private readonly IAnsiConsole _console;
    private readonly Scenario _scenario;
    private readonly LiveCluster _cluster;
    private readonly RunTally _tally;
    private readonly long[] _logCounts;
    private volatile RunProgress? _progress;

    public LiveRunMonitor(IAnsiConsole console, Scenario scenario, LiveCluster cluster, RunTally tally)
    {
        _console = console;
        _scenario = scenario;
        _cluster = cluster;
        _tally = tally;
        _logCounts = new long[scenario.Regions.Count];
        Array.Fill(_logCounts, -1);
    }

    /// <summary>Called by the scenario runner on its own thread; only stored, the display reads it.</summary>
    public void Report(RunProgress value) => _progress = value;

    /// <summary>Shows the run until <paramref name="run"/> completes and returns its record.</summary>
    public async Task<RunRecord> WatchAsync(Task<RunRecord> run)
    {
        using var stopPolling = new CancellationTokenSource();
        var poller = Task.Run(() => PollLogsAsync(stopPolling.Token));
        try
        {
            if (_console.Profile.Capabilities.Interactive) await WatchLiveAsync(run).ConfigureAwait(false);
            else await WatchPlainAsync(run).ConfigureAwait(false);
            return await run.ConfigureAwait(false);
        }
        finally
        {
            await stopPolling.CancelAsync().ConfigureAwait(false);
            await poller.ConfigureAwait(false);
        }
    }

    private async Task WatchLiveAsync(Task<RunRecord> run)
    {
        var table = new Table().Border(TableBorder.Rounded);
        await _console.Live(table).AutoClear(false).StartAsync(async context =>
        {
            while (true)
            {
                Fill(table);
                context.Refresh();
                if (run.IsCompleted) break;
                await Task.WhenAny(run, Task.Delay(RefreshEvery)).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private async Task WatchPlainAsync(Task<RunRecord> run)
    {
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(PlainLineEvery)).ConfigureAwait(false);
            if (!run.IsCompleted) _console.WriteLine(PlainLine());
        }
    }

    private void Fill(Table table)
    {
        if (table.Columns.Count == 0)
        {
            table.AddColumn("region").AddColumn(new TableColumn("appended").RightAligned()).AddColumn(new TableColumn("in log").RightAligned())
                .AddColumn(new TableColumn("applied").RightAligned()).AddColumn(new TableColumn("lag now").RightAligned());
        }
        table.Rows.Clear();
        var total = Total();
        for (var r = 0; r < _scenario.Regions.Count; r++)
        {
            var applied = _tally.AppliedIn(r);
            var color = applied >= total ? "green" : "yellow";
            table.AddRow(
                new Markup(Markup.Escape(_scenario.Regions[r].Value)),
                new Text(_tally.AppendedIn(r).ToString(CultureInfo.InvariantCulture)),
                new Text(LogCount(r)),
                new Markup($"[{color}]{applied}[/] / {total}"),
                new Text(Lag(r)));
        }
        var faults = _tally.ActiveFaults;
        table.Title = new TableTitle($"{_scenario.Name} seed {_scenario.Seed} — {Phase()} — {Elapsed()}");
        table.Caption = new TableTitle(faults.Count == 0 ? "faults: none active" : "faults: " + string.Join("; ", faults));
    }

    private string PlainLine()
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{Elapsed(),8} {Phase()}:");
        var total = Total();
        for (var r = 0; r < _scenario.Regions.Count; r++)
        {
            line.Append(CultureInfo.InvariantCulture,
                $" {_scenario.Regions[r]} {_tally.AppendedIn(r)} appended, {LogCount(r)} in log, {_tally.AppliedIn(r)}/{total} applied, lag {Lag(r)};");
        }
        var faults = _tally.ActiveFaults;
        line.Append(faults.Count == 0 ? " faults: none" : " faults: " + string.Join("; ", faults));
        return line.ToString();
    }

    private long Total()
    {
        var total = 0L;
        for (var r = 0; r < _scenario.Regions.Count; r++) total += _tally.AppendedIn(r);
        return total;
    }

    private string Phase() => _progress?.Phase switch
    {
        null => "starting",
        RunPhase.Safety => $"fault phase ({DurationText.Format(_scenario.SafetyPhase)})",
        RunPhase.Liveness => "liveness phase: healed, waiting for quiescence",
        _ => "reading the regions",
    };

    private string Elapsed() => $"{_cluster.Elapsed.TotalSeconds:0.0} s";

    private string Lag(int region) => _tally.LastLag(region) is { } lag ? $"{lag.TotalMilliseconds:0} ms" : "-";

    private string LogCount(int region)
    {
        var count = Volatile.Read(ref _logCounts[region]);
        return count < 0 ? "-" : count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Each region's document count, once a second; a server that is down (a restart fault) keeps its last count.</summary>
    private async Task PollLogsAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_progress is not null)
            {
                for (var r = 0; r < _scenario.Regions.Count && !cancellationToken.IsCancellationRequested; r++)
                {
                    try
                    {
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        timeout.CancelAfter(LogPollEvery);
                        var info = await _cluster.DatabaseOf(_scenario.Regions[r]).GetInfoAsync(timeout.Token).ConfigureAwait(false);
                        Volatile.Write(ref _logCounts[r], info.DocumentCount);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // Not started yet, stopped, or restarting: the display keeps the last count.
                    }
                }
            }
            try
            {
                await Task.Delay(LogPollEvery, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
