using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Convergence.Cli.Chaos;
using Convergence.Cli.Lifetime;
using Convergence.Cli.Options;
using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Live;
using Convergence.Cluster.Toxiproxy;
using Convergence.Domain.Modules;
using Convergence.Simulator.Checks;
using Convergence.Simulator.Engine;
using Convergence.Simulator.Reports;
using Convergence.Simulator.Runs;
using Convergence.Simulator.Scenarios;
using Convergence.Simulator.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Convergence.Cli.Commands;

/// <summary>
/// <c>convergence chaos</c>: one scenario on real replicas through the fault proxy (the live engine), shown while it
/// runs, judged like a simulated run, reported in the same folder layout, with the simulator's figures for the same
/// seed beside the live ones.
/// </summary>
public sealed class ChaosCommand(IAnsiConsole console, DomainCatalog catalog, TimeProvider clock, ScratchFolders scratchFolders)
    : AsyncCommand<ChaosCommand.Settings>
{
    /// <summary>Client actions per second per region by default: 3 regions × 3/s ≈ 9 writes/s on each server, far under its limit.</summary>
    public const double DefaultRate = 3;

    /// <summary>How long the liveness phase may wait for quiescence on real replicas before the run is a liveness failure.</summary>
    public static readonly TimeSpan DefaultQuiescenceTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The options of <c>chaos</c>; checked once in <see cref="Validate"/>, the targets probed before the run.</summary>
    public sealed class Settings : ScenarioSettings
    {
        [CommandOption("--scenario <NAME>")]
        [Description("steady | partition | flapping | crash | restart | swarm | mixed (default partition)")]
        public string Scenario { get; init; } = "partition";

        [CommandOption("--backend <B>")]
        [Description("pouchdb (embedded pouchdb-server per region, or --url) | couchdb (--url, or CouchDB 3 containers where Docker runs) (default pouchdb)")]
        public string Backend { get; init; } = "pouchdb";

        [CommandOption("--url <URL>")]
        [Description("an existing server; region i uses URL i modulo the count (repeatable). Credentials: COUCHDB_USER/COUCHDB_PASSWORD")]
        public string[] Urls { get; init; } = [];

        [CommandOption("--toxiproxy <URL>")]
        [Description("a running Toxiproxy's API (default: TOXIPROXY_URL, else an embedded fault proxy)")]
        public string? Toxiproxy { get; init; }

        [CommandOption("--toxiproxy-port <P>")]
        [Description("serve the embedded fault proxy's API on this port, to watch it with toxiproxy-cli (default: a free one)")]
        public string? ToxiproxyPort { get; init; }

        [CommandOption("--db-prefix <P>")]
        [Description("start of the names of the run's databases and replication documents on --url servers (default convergence-)")]
        public string DatabasePrefix { get; init; } = Convergence.Cluster.Replicas.RunNamespace.DefaultPrefix;

        [CommandOption("--keep")]
        [Description("keep the run's databases on --url servers for inspection (its replication documents are always removed)")]
        public bool Keep { get; init; }

        [CommandOption("--clean")]
        [Description("before the run, remove what earlier runs left under --db-prefix on the --url servers (databases, replication documents)")]
        public bool Clean { get; init; }

        [CommandOption("--batch <N>")]
        [Description("append a region's client actions in groups of N with one _bulk_docs (default 1: one PUT each)")]
        public string? Batch { get; init; }

        [CommandOption("--no-rate-guard")]
        [Description("run even when --rate × regions is above what the embedded servers sustain on this machine")]
        public bool NoRateGuard { get; init; }

        [CommandOption("--quiescence-timeout <D>")]
        [Description("how long the liveness phase waits for quiescence (default 60s)")]
        public string? QuiescenceTimeout { get; init; }

        protected override string ScenarioName => Scenario;

        public override ValidationResult Validate()
        {
            if (base.Validate() is { Successful: false } error) return error;
            if (QuiescenceTimeout is not null && !(DurationText.TryParse(QuiescenceTimeout, out var wait) && wait > TimeSpan.Zero))
                return ValidationResult.Error($"--quiescence-timeout must be a positive duration like 60s, got '{QuiescenceTimeout}'");
            if (Batch is not null && !(int.TryParse(Batch, NumberStyles.None, CultureInfo.InvariantCulture, out var batch) && batch is >= 1 and <= 1000))
                return ValidationResult.Error($"--batch must be a whole number 1-1000, got '{Batch}'");
            if (BackendValue is null)
                return ValidationResult.Error($"--backend must be pouchdb or couchdb, got '{Backend}'");
            // Without --url, CouchDB 3 containers are started through Testcontainers: only where Docker runs.
            if (BackendValue == LiveBackend.CouchDb && Urls.Length == 0 && Convergence.Cluster.Replicas.DockerAvailability.UnavailableReason() is { } noDocker)
                return ValidationResult.Error($"--backend couchdb needs --url (credentials from COUCHDB_USER/COUCHDB_PASSWORD), or Docker to start CouchDB containers: {noDocker}");
            foreach (var url in Urls)
            {
                if (!IsHttpUrl(url, out var parsed)) return ValidationResult.Error($"--url must be an absolute http(s) URL, got '{url}'");
                if (UrlCredentials.Problem(parsed) is { } credentialsInUrl) return ValidationResult.Error(credentialsInUrl);
            }
            if (Convergence.Cluster.Replicas.RunNamespace.ValidationProblem(DatabasePrefix) is { } prefixProblem)
                return ValidationResult.Error("--db-prefix: " + prefixProblem);
            if (Toxiproxy is not null && !IsHttpUrl(Toxiproxy, out _))
                return ValidationResult.Error($"--toxiproxy must be an absolute http(s) URL, got '{Toxiproxy}'");
            if (ToxiproxyPort is not null && !(int.TryParse(ToxiproxyPort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535))
                return ValidationResult.Error($"--toxiproxy-port must be a port number 1-65535, got '{ToxiproxyPort}'");
            if (ToxiproxyPort is not null && ToxiproxyUrl is not null)
                return ValidationResult.Error("--toxiproxy-port serves the embedded fault proxy; it cannot be combined with --toxiproxy or TOXIPROXY_URL");
            return ValidationResult.Success();
        }

        public int BatchValue => Batch is null ? 1 : int.Parse(Batch, CultureInfo.InvariantCulture);

        public LiveBackend? BackendValue => Backend.ToLowerInvariant() switch
        {
            "pouchdb" => LiveBackend.PouchDb,
            "couchdb" => LiveBackend.CouchDb,
            _ => null,
        };

        public IReadOnlyList<Uri> UrlValues => Urls.Select(u => IsHttpUrl(u, out var uri) ? uri : throw new ArgumentException($"bad --url '{u}'")).ToArray();

        /// <summary>The fault proxy's API: <c>--toxiproxy</c>, else <c>TOXIPROXY_URL</c>, else null (embedded).</summary>
        public Uri? ToxiproxyUrl
        {
            get
            {
                var text = Toxiproxy ?? Environment.GetEnvironmentVariable(ToxiproxyBackend.UrlEnvironmentVariable);
                return string.IsNullOrWhiteSpace(text) ? null : IsHttpUrl(text, out var uri) ? uri : throw new ArgumentException($"bad Toxiproxy URL '{text}'");
            }
        }

        public int? ToxiproxyPortValue => ToxiproxyPort is null ? null : int.Parse(ToxiproxyPort, CultureInfo.InvariantCulture);

        /// <summary>The named scenario's options with the live engine's defaults (3 regions, 3 actions/s, 60 s) where none was given.</summary>
        public ScenarioOverrides ToOverrides() => new(
            RegionsValue ?? ScenarioCatalog.DefaultRegions,
            DurationValue ?? ScenarioCatalog.DefaultDuration,
            RateValue ?? DefaultRate,
            Topology: null,
            ConvergeBound: ConvergeBoundValue,
            InvariantBounds: InvariantBounds(),
            LivenessBound: ParseDuration(QuiescenceTimeout) ?? DefaultQuiescenceTimeout);


        /// <summary>The options that point a repeat at the same servers and proxy (URLs without credentials).</summary>
        public string TargetOptionsText()
        {
            var text = new StringBuilder();
            if (BackendValue == LiveBackend.CouchDb) text.Append("--backend couchdb");
            foreach (var url in UrlValues) text.Append(text.Length > 0 ? " " : "").Append("--url ").Append(ChaosPreflight.Redacted(url));
            if (DatabasePrefix != Convergence.Cluster.Replicas.RunNamespace.DefaultPrefix) text.Append(" --db-prefix ").Append(DatabasePrefix);
            if (Toxiproxy is not null) text.Append(text.Length > 0 ? " " : "").Append("--toxiproxy ").Append(Toxiproxy);
            return text.ToString();
        }

        private static bool IsHttpUrl(string text, out Uri uri) =>
            Uri.TryCreate(text.Trim(), UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var seed = settings.SeedValue ?? (ulong)Random.Shared.NextInt64(1, int.MaxValue);
        Scenario scenario;
        try
        {
            scenario = ScenarioCatalog.Create(settings.Scenario, seed, settings.ToOverrides());
        }
        catch (ArgumentException e)
        {
            return BadInput(e.Message);
        }
        var backend = settings.BackendValue!.Value;
        var urls = settings.UrlValues;
        // Only servers the harness launches on this machine are guarded; --url servers' capacity is theirs to know.
        if (backend == LiveBackend.PouchDb && urls.Count == 0 && !settings.NoRateGuard && RateGuard.EmbeddedProblem(scenario) is { } tooMuch)
            return BadInput(tooMuch);

        var credentials = CouchCredentials.FromEnvironment();
        var problem = await ChaosPreflight.ProblemAsync(urls, credentials, settings.ToxiproxyUrl, settings.ToxiproxyPortValue, cancellationToken).ConfigureAwait(false);
        if (problem is not null) return BadInput(problem);
        if (urls.Count > 0 && !await ReportLeftoversAsync(urls, credentials, settings, cancellationToken).ConfigureAwait(false))
            return ExitCodes.Cancelled;

        var domain = await settings.DomainAsync(catalog, cancellationToken).ConfigureAwait(false);
        var repeat = ChaosReplayCommand.For(scenario, settings.TargetOptionsText(), settings.DomainOptionsText());
        PrintHeader(scenario, backend, urls, settings, repeat);

        // The simulator first: seconds at most, and its figures are then ready to show beside the live ones.
        var simulated = await Simulate.RunAsync(scenario, domain, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (simulated.Status == RunStatus.Interrupted)
        {
            console.MarkupLine("[yellow]interrupted[/] before the live run started");
            return ExitCodes.Cancelled;
        }
        console.MarkupLine($"simulator, same seed: [bold]{simulated.Status}[/], lag p50 {simulated.Metrics.Overall.P50Ms:0} ms, p99 {simulated.Metrics.Overall.P99Ms:0} ms");

        var startedAt = clock.GetUtcNow();
        var folder = ReserveReportFolder(settings, startedAt, scenario.Name);
        if (folder is null) return ExitCodes.BadArguments;
        // Replica data and checkpoints are scratch: kept out of the report folder so a report stays small, and removed on
        // every exit that runs code (a second Ctrl+C included: the signal handler deletes what is tracked).
        var scratch = Path.Combine(Path.GetTempPath(), "convergence-chaos", Path.GetFileName(folder) + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        scratchFolders.Track(scratch);
        var stopwatch = Stopwatch.StartNew();
        LiveRun live;
        try
        {
            // With --store sqlite each region's database is a file in the report folder, for the user to open.
            var liveDomain = settings.WithRegionFiles(domain, Path.Combine(folder, "regions"));
            live = await RunLiveAsync(scenario, liveDomain, backend, urls, credentials, settings, scratch, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            ReportWriter.ReleaseFolder(folder);
            throw;
        }
        finally
        {
            scratchFolders.Delete(scratch);
        }
        stopwatch.Stop();

        var outcome = RunOutcome.From(live.Record);
        var timing = FaultTiming.Of(live.Record);
        // Beside the live run, the simulator replays the windows the live run actually had (faults a little late, say).
        if (FaultTiming.Retimed(live.Record) is { } asRun && !ReferenceEquals(asRun, scenario) && !live.Record.Interrupted)
            simulated = await Simulate.RunAsync(asRun, domain, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        var comparison = SimulatedComparison.Of(outcome, simulated);
        var rates = WorkloadRates.Of(live.Record);
        var summary = outcome.Summary with
        {
            Replay = repeat,
            Run = new RunInfo(startedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), folder, stopwatch.ElapsedMilliseconds, rates.Summary),
        };
        var sections = new[] { LiveSection(live, backend, urls), rates.ToSection(), timing.ToSection(), comparison.ToSection() };
        // Written even when the run was interrupted: the token is already cancelled, so the write does not take it.
        await ReportWriter.WriteAsync(folder, outcome.Record, outcome.Checks, outcome.Metrics, summary, sections, CancellationToken.None).ConfigureAwait(false);

        PrintResults(outcome, comparison, live, repeat, folder, stopwatch.Elapsed);
        return outcome.Status switch
        {
            RunStatus.Converged => ExitCodes.Converged,
            RunStatus.Interrupted => ExitCodes.Cancelled,
            RunStatus.ClusterFailure => ExitCodes.InternalError,
            _ => ExitCodes.LawFailed,
        };
    }

    /// <summary>Starts the cluster, plays the scenario while showing it, and stops every replica and proxy before returning.</summary>
    private async Task<LiveRun> RunLiveAsync(
        Scenario scenario, DomainCatalog domain, LiveBackend backend, IReadOnlyList<Uri> urls, CouchCredentials? credentials,
        Settings settings, string scratch, CancellationToken cancellationToken)
    {
        ToxiproxyServer? embeddedProxy = null;
        if (settings.ToxiproxyPortValue is { } port)
            embeddedProxy = await ToxiproxyServer.StartAsync(new ToxiproxyServerOptions { Port = port }, cancellationToken).ConfigureAwait(false);
        try
        {
            var options = new LiveClusterOptions(scratch)
            {
                Backend = backend,
                Urls = urls,
                Credentials = credentials,
                DatabasePrefix = settings.DatabasePrefix,
                KeepDatabases = settings.Keep,
                ToxiproxyUrl = embeddedProxy?.BaseAddress.AbsoluteUri ?? settings.ToxiproxyUrl?.AbsoluteUri,
            };
            RunRecord record;
            IReadOnlyCollection<int> pids;
            var cluster = new LiveCluster(options);
            await using (cluster)
            {
                var recorder = new RunRecorder(scenario, domain, cluster.Name);
                var monitor = new LiveRunMonitor(console, scenario, cluster, recorder.Tally);
                var run = new ScenarioRunner(domain) { BatchSize = settings.BatchValue }.RunAsync(scenario, cluster, recorder, monitor, cancellationToken);
                record = await monitor.WatchAsync(run).ConfigureAwait(false);
                pids = cluster.ProcessIds;
                if (record.Interrupted) console.MarkupLine("[yellow]interrupted:[/] stopping replicas and proxies, writing the partial report");
            }
            return new LiveRun(record, pids, pids.Where(IsAlive).ToArray(), cluster.CleanupSummary, cluster.ServerProducts);
        }
        finally
        {
            if (embeddedProxy is not null) await embeddedProxy.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void PrintHeader(Scenario scenario, LiveBackend backend, IReadOnlyList<Uri> urls, Settings settings, string repeat)
    {
        console.MarkupLine($"[bold]chaos[/] {Markup.Escape(scenario.Name)}: {Markup.Escape(ScenarioCatalog.Describe(scenario.Name))}");
        var servers = urls.Count == 0
            ? backend == LiveBackend.PouchDb ? "embedded pouchdb-server per region" : "CouchDB in Docker per region"
            : string.Join(", ", urls.Select(ChaosPreflight.Redacted));
        var proxy = settings.ToxiproxyPortValue is { } port ? $"embedded on port {port}"
            : settings.ToxiproxyUrl is { } url ? url.AbsoluteUri : "embedded";
        console.MarkupLine($"seed [yellow]{scenario.Seed}[/]  regions {Markup.Escape(string.Join(",", scenario.Regions))}  rate {scenario.Workload.RatePerRegion}/s per region  " +
                           $"duration {DurationText.Format(scenario.SafetyPhase)}  faults {scenario.Faults.Count}");
        console.MarkupLine($"replicas: {Markup.Escape(servers)}  fault proxy: {Markup.Escape(proxy)}");
        foreach (var fault in scenario.Faults) console.MarkupLine($"  [grey]{Markup.Escape(fault.ToString())}[/]");
        console.MarkupLine($"repeat: [blue]{Markup.Escape(repeat)}[/]");
    }

    private void PrintResults(RunOutcome outcome, SimulatedComparison comparison, LiveRun live, string repeat, string folder, TimeSpan wallClock)
    {
        var losses = outcome.Checks.Losses.ToDictionary(l => l.Region, StringComparer.Ordinal);
        // Narrow enough for an 80-column log; the digests are in the L1 line and report.md.
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("region").AddColumn(new TableColumn("appended").RightAligned()).AddColumn(new TableColumn("applied").RightAligned())
            .AddColumn(new TableColumn("p50 ms").RightAligned()).AddColumn(new TableColumn("p99 ms").RightAligned())
            .AddColumn(new TableColumn("sim p50").RightAligned()).AddColumn(new TableColumn("sim p99").RightAligned())
            .AddColumn(new TableColumn("lost/dup/never").RightAligned());
        foreach (var region in outcome.Metrics.Regions)
        {
            var sim = comparison.SimulatedLag(region.Region);
            var loss = losses.GetValueOrDefault(region.Region);
            table.AddRow(region.Region, $"{region.Appended}", $"{region.Applied}", $"{region.Lag.P50Ms:0}", $"{region.Lag.P99Ms:0}",
                sim is null ? "-" : $"{sim.P50Ms:0}", sim is null ? "-" : $"{sim.P99Ms:0}",
                loss is null ? "-" : $"{loss.Lost}/{loss.Duplicated}/{loss.NeverApplied}");
        }
        console.Write(table);

        foreach (var law in outcome.Checks.Laws)
        {
            var mark = law.Passed ? "[green]ok[/]" : "[red]FAILED[/]";
            var detail = law.Passed ? law.Detail : law.Detail.Split('\n')[0];
            console.MarkupLine($"  {law.Law} {Markup.Escape(law.Title)}: {mark} [grey]{Markup.Escape(detail)}[/]");
        }
        if (outcome.Status is not (RunStatus.Converged or RunStatus.Interrupted))
        {
            console.MarkupLine("[red]counterexample:[/]");
            console.WriteLine(outcome.Checks.Counterexample);
            if (!outcome.Record.Quiescence.Reached) console.MarkupLine($"[red]pending:[/] {Markup.Escape(outcome.Record.Quiescence.Pending ?? "")}");
        }

        foreach (var heal in outcome.Metrics.Heals)
        {
            var after = heal.ConvergedAfterUs is { } us ? $"{us / 1e6:0.000} s" : "never";
            console.MarkupLine($"time to converge after {Markup.Escape(heal.What)} at {heal.HealAtUs / 1e6:0.0} s: [bold]{after}[/]");
        }
        var simAfter = comparison.Simulated.Metrics.ConvergedAfterLastHealUs is { } s ? $"{s / 1e6:0.000} s" : "never";
        console.MarkupLine($"simulated, same seed: converged {simAfter} after the last heal");
        foreach (var mismatch in comparison.Mismatches) console.MarkupLine($"[yellow]simulator mismatch:[/] {Markup.Escape(mismatch)}");
        var skipped = SkippedDocuments(outcome.Record);
        console.MarkupLine($"skipped documents: {skipped.Total}{(skipped.Total > 0 ? $" ({Markup.Escape(skipped.Detail)})" : "")}");
        foreach (var warning in WorkloadRates.Of(outcome.Record).Summary.Warnings) console.MarkupLine($"[yellow]workload:[/] {Markup.Escape(warning)}");
        foreach (var step in FaultTiming.Of(outcome.Record).Drifted)
            console.MarkupLine($"[yellow]schedule drift over {FaultTiming.DriftLimit.TotalSeconds:0} s:[/] {Markup.Escape(step.ToString())}");
        // External servers are not the harness's processes: say what was removed from them instead.
        if (live.Pids.Count > 0)
        {
            console.MarkupLine(live.AlivePids.Count == 0
                ? $"replica processes {string.Join(", ", live.Pids)}: all stopped"
                : $"[red]replica processes still alive:[/] {string.Join(", ", live.AlivePids)}");
        }
        if (live.Cleanup is { } cleanup) console.MarkupLine(Markup.Escape(cleanup));

        var color = outcome.Status == RunStatus.Converged ? "green" : outcome.Status == RunStatus.Interrupted ? "yellow" : "red";
        console.MarkupLine($"verdict: [bold {color}]{outcome.Status}[/]  ({outcome.Record.EventCount} events, run {outcome.Record.EndUs / 1e6:0.0} s, wall clock {wallClock.TotalSeconds:0.0} s)");
        console.MarkupLine($"seed: [yellow]{outcome.Record.Scenario.Seed}[/]");
        console.MarkupLine($"repeat: [blue]{Markup.Escape(repeat)}[/]  (from a checkout: dotnet run --project src/Cli -- {Markup.Escape(repeat["convergence ".Length..])})");
        console.MarkupLine($"report: {Markup.Escape(Path.Combine(folder, "report.md"))}");
    }

    /// <summary>The live engine's own facts for report.md: where it ran, skipped documents, its processes (per-link heal timings are in the standard report).</summary>
    private static ReportSection LiveSection(LiveRun live, LiveBackend backend, IReadOnlyList<Uri> urls)
    {
        var md = new StringBuilder();
        var servers = urls.Count == 0 ? $"{backend.ToString().ToLowerInvariant()}, launched by the harness" : string.Join(", ", urls.Select(ChaosPreflight.Redacted));
        md.Append(CultureInfo.InvariantCulture, $"- replicas: {servers}; one fault proxy per directed link\n");
        var skipped = SkippedDocuments(live.Record);
        md.Append(CultureInfo.InvariantCulture, $"- skipped documents (in a log, not a valid event): **{skipped.Total}**{(skipped.Total > 0 ? $" ({skipped.Detail})" : "")}\n");
        if (live.Products.Count > 0) md.Append(CultureInfo.InvariantCulture, $"- servers: {string.Join(", ", live.Products.Distinct())}\n");
        if (live.Pids.Count > 0)
            md.Append(CultureInfo.InvariantCulture, $"- replica processes: {string.Join(", ", live.Pids)}; alive after the run: {(live.AlivePids.Count == 0 ? "none" : string.Join(", ", live.AlivePids))}\n");
        if (live.Cleanup is { } cleanup) md.Append(CultureInfo.InvariantCulture, $"- {cleanup}\n");
        return new ReportSection("Live engine", md.ToString());
    }

    private static (long Total, string Detail) SkippedDocuments(RunRecord record)
    {
        const string prefix = "projector.skipped.";
        var kinds = record.Counters.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        return (kinds.Sum(k => k.Value), string.Join(", ", kinds.Select(k => $"{k.Key[prefix.Length..]}: {k.Value}")));
    }

    private int BadInput(string message)
    {
        console.MarkupLine($"[red]error:[/] {Markup.Escape(message.ReplaceLineEndings(" ").Trim())}");
        return ExitCodes.BadArguments;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The run's report folder, taken now (<see cref="ReportWriter.ReserveFolder"/>); null after printing why it cannot be.</summary>
    private string? ReserveReportFolder(Settings settings, DateTimeOffset startedAt, string scenario)
    {
        try
        {
            return ReportWriter.ReserveFolder(settings.OutRoot, startedAt, scenario);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            BadInput($"--out {settings.OutRoot}: {e.Message}");
            return null;
        }
    }

    /// <summary>What the live part of a run left: its record and the replica processes (and any still alive).</summary>
    private sealed record LiveRun(
        RunRecord Record, IReadOnlyCollection<int> Pids, IReadOnlyList<int> AlivePids, string? Cleanup, IReadOnlyList<string> Products);

    /// <summary>
    /// Reports what earlier runs left under the prefix on the servers (never reused: this run's names are its own) and,
    /// with <c>--clean</c>, removes it first. False when cancelled meanwhile.
    /// </summary>
    private async Task<bool> ReportLeftoversAsync(IReadOnlyList<Uri> urls, CouchCredentials? credentials, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var leftovers = await RunLeftovers.FindAsync(urls, credentials, settings.DatabasePrefix, cancellationToken).ConfigureAwait(false);
            foreach (var leftover in leftovers)
            {
                console.MarkupLine(settings.Clean
                    ? $"removing leftovers of earlier runs: {Markup.Escape(leftover.ToString())}"
                    : $"[yellow]leftovers of earlier runs[/] (not used; --clean removes them): {Markup.Escape(leftover.ToString())}");
            }

            if (settings.Clean) await RunLeftovers.RemoveAsync(leftovers, credentials, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
