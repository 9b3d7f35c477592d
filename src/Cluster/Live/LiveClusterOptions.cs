using Convergence.Cluster.CouchDb;
using Convergence.Cluster.Replicas;

namespace Convergence.Cluster.Live;

/// <summary>
/// How a <see cref="LiveCluster"/> gets its replicas, its fault proxy and its timings; one record so the chaos command
/// can map its options onto it one to one. Validated once by <see cref="LiveCluster"/>'s constructor.
/// </summary>
public sealed record LiveClusterOptions
{
    public LiveClusterOptions(string runFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(runFolder);
        RunFolder = Path.GetFullPath(runFolder);
    }

    /// <summary>Replica data directories (<c>replicas/&lt;region&gt;</c>) and projector checkpoints (<c>checkpoints/</c>) go here.</summary>
    public string RunFolder { get; }

    public LiveBackend Backend { get; init; } = LiveBackend.PouchDb;

    /// <summary>Existing servers (region i uses URL i modulo the count); empty launches them (pouchdb: embedded, couchdb: Docker).</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    /// <summary>Credentials for <see cref="Urls"/>; by default <c>COUCHDB_USER</c>/<c>COUCHDB_PASSWORD</c>.</summary>
    public CouchCredentials? Credentials { get; init; } = CouchCredentials.FromEnvironment();

    /// <summary>A running Toxiproxy's API URL; null uses <c>TOXIPROXY_URL</c>, else an embedded proxy server.</summary>
    public string? ToxiproxyUrl { get; init; }

    /// <summary>Overrides the provider chosen from <see cref="Backend"/> and <see cref="Urls"/> (tests, custom set-ups).</summary>
    public IReplicaProvider? ReplicaProvider { get; init; }

    /// <summary>Wall clock of the run: <see cref="LiveCluster.Elapsed"/>, fault timers and polls use it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Keep-alive asked of the server on each projector longpoll.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Silence after which a projector's longpoll is abandoned and reopened; must exceed <see cref="Heartbeat"/>.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A projector waits this long after a feed answer with changes before its next longpoll: at tens of documents per
    /// second a longpoll per document was the harness's largest load on each replica (bench <c>live load</c>: 10.9
    /// feed requests/s against 5.1 appends/s per replica at 5/s per region); the pause batches them for a little lag.
    /// </summary>
    public TimeSpan FeedPause { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the supervisor compares what each source holds with what reached each target.</summary>
    public TimeSpan SupervisorInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A link whose proxy is up but whose target has received none of the documents it lacks for this long is
    /// restarted (its <c>_replicator</c> document recreated with the next generation). Longer than the worst lag of a
    /// healthy link under the planned load (p99 ≈ 0.25 s at 50 writes/s), short enough to beat PouchDB's backoff.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often <see cref="LiveCluster.WaitForQuiescenceAsync"/> checks the logs and projectors.</summary>
    public TimeSpan QuiescencePollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A projector checkpoints (sequence to disk, read model snapshot) after this many documents.</summary>
    public int CheckpointEvery { get; init; } = 25;

    /// <summary>How long one append keeps retrying a server that errors before the run fails.</summary>
    public TimeSpan AppendTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True (the default): replication a→b targets b through the proxy <c>a->b</c>, so network faults can act on it.
    /// False replicates server to server directly (to measure what the proxies cost); network faults are then refused.
    /// </summary>
    public bool ReplicateThroughProxies { get; init; } = true;

    /// <summary>
    /// The start of every name the run gives its databases and replication documents on external servers
    /// (<see cref="RunNamespace"/>); names under it that belong to other runs are leftovers.
    /// </summary>
    public string DatabasePrefix { get; init; } = RunNamespace.DefaultPrefix;

    /// <summary>The run's id in those names and in its event ids; null draws a fresh one (time + 16 random bits).</summary>
    public string? RunId { get; init; }

    /// <summary>
    /// Keep the run's databases on external servers after the run, for inspection. Its replication documents are
    /// deleted regardless: they point at proxies that die with the run and hold the credentials.
    /// </summary>
    public bool KeepDatabases { get; init; }

    /// <summary>
    /// How long a job CouchDB's scheduler reports as <c>running</c> may go without delivering a missing document
    /// before the supervisor recreates it, on top of <see cref="StallTimeout"/>: CouchDB sleeps a random
    /// <c>[replicator] startup_jitter</c> (default up to 5 s) before a new job's first request, and retries a failed
    /// request itself with waits of 0.25–4 s, so a shorter bound only makes it start over (and draw a new jitter).
    /// </summary>
    public TimeSpan SchedulerStartupWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a job the scheduler reports as <c>crashing</c> (waiting out a backoff of 30 s and more) may stay so on
    /// a link that is open before the supervisor recreates it; the same for a document the scheduler has not picked up.
    /// </summary>
    public TimeSpan SchedulerCrashGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Keep pouchdb-server databases in memory (faster; a replica restart then loses its data). Embedded only.</summary>
    public bool InMemory { get; init; }

    /// <summary>
    /// Replication options written into every link's <c>_replicator</c> document, as raw JSON values by name: on
    /// pouchdb-server <c>batch_size</c>, <c>batches_limit</c>, <c>checkpoint</c> (<c>"source"</c>, <c>"target"</c>,
    /// <c>false</c>); on CouchDB <c>worker_batch_size</c>, <c>checkpoint_interval</c>. Empty: the servers' defaults.
    /// </summary>
    public IReadOnlyDictionary<string, string> ReplicationFields { get; init; } = new Dictionary<string, string>();

    internal void Validate()
    {
        if (ReadTimeout <= Heartbeat) throw new ArgumentException($"ReadTimeout ({ReadTimeout}) must be longer than Heartbeat ({Heartbeat}).");
        if (FeedPause < TimeSpan.Zero) throw new ArgumentException("FeedPause must not be negative.");
        if (SupervisorInterval <= TimeSpan.Zero) throw new ArgumentException("SupervisorInterval must be positive.");
        if (StallTimeout <= SupervisorInterval) throw new ArgumentException("StallTimeout must be longer than SupervisorInterval.");
        if (QuiescencePollInterval <= TimeSpan.Zero) throw new ArgumentException("QuiescencePollInterval must be positive.");
        if (CheckpointEvery < 1) throw new ArgumentException("CheckpointEvery must be at least 1.");
        if (AppendTimeout <= TimeSpan.Zero) throw new ArgumentException("AppendTimeout must be positive.");
        if (RunNamespace.ValidationProblem(DatabasePrefix) is { } prefixProblem) throw new ArgumentException(prefixProblem);
        if (SchedulerStartupWindow < TimeSpan.Zero || SchedulerCrashGrace < TimeSpan.Zero) throw new ArgumentException("Scheduler bounds must not be negative.");
    }

    /// <summary>
    /// The provider <see cref="Backend"/> and <see cref="Urls"/> select, unless <see cref="ReplicaProvider"/> is set.
    /// Docker CouchDB gets a 5 s replicator interval: with the default 60 s the scheduler takes 30–90 s to retry a
    /// replication after a heal, longer than most scenarios' liveness phase.
    /// </summary>
    internal IReplicaProvider CreateProvider(RunNamespace runNamespace) => ReplicaProvider ?? (Urls.Count > 0
        ? new ExternalReplicaProvider(new ExternalReplicaOptions(Urls) { Credentials = Credentials, Namespace = runNamespace })
        : Backend == LiveBackend.PouchDb
            ? new EmbeddedReplicaProvider(new EmbeddedReplicaOptions(Path.Combine(RunFolder, "replicas")) { InMemory = InMemory })
            : new DockerReplicaProvider(new DockerReplicaOptions { ReplicatorIntervalMs = 5_000 }));
}
