namespace Convergence.Cluster.Live;

/// <summary>
/// When the supervisor recreates a replication on a server whose scheduler it can ask (CouchDB 3), given the job's
/// state and how long the open link has waited for a document its target lacks. Recreating a job makes CouchDB start
/// over — a new random <c>startup_jitter</c> of up to 5 s before its first request — so a job that is alive is left to
/// CouchDB's own retries, and only a job that waits out a backoff (<c>crashing</c>: 30 s and more), has given up, or
/// has vanished is recreated quickly.
/// </summary>
internal static class SchedulerRestartPolicy
{
    /// <summary>True when the link should be recreated now.</summary>
    /// <example>
    /// With the defaults (stall 3 s, startup window 5 s, crash grace 1 s): a <c>running</c> job is recreated after 8 s
    /// without a missing document arriving, a <c>crashing</c> one after 1 s, a document the scheduler does not know after 3 s.
    /// </example>
    public static bool ShouldRestart(SchedulerJobState state, TimeSpan waited, LiveClusterOptions options) => state switch
    {
        // Alive, or about to be: CouchDB retries each request itself (0.25–4 s apart) and sleeps its startup jitter first.
        SchedulerJobState.Running or SchedulerJobState.Pending or SchedulerJobState.Initializing or SchedulerJobState.Unknown =>
            waited > options.StallTimeout + options.SchedulerStartupWindow,
        // Waiting out a backoff of 30 s × 2^n, or given up: nothing will happen before it is recreated.
        SchedulerJobState.Crashing or SchedulerJobState.Error or SchedulerJobState.Failed or SchedulerJobState.Completed =>
            waited > options.SchedulerCrashGrace,
        // Not picked up yet (a moment after it was written) or deleted behind the run's back.
        SchedulerJobState.Missing => waited > options.StallTimeout,
        _ => false,
    };

    /// <summary>The state named by the scheduler's <c>state</c> field.</summary>
    public static SchedulerJobState Parse(string? state) => state switch
    {
        "initializing" => SchedulerJobState.Initializing,
        "pending" => SchedulerJobState.Pending,
        "running" => SchedulerJobState.Running,
        "crashing" => SchedulerJobState.Crashing,
        "error" => SchedulerJobState.Error,
        "failed" => SchedulerJobState.Failed,
        "completed" => SchedulerJobState.Completed,
        null => SchedulerJobState.Missing,
        _ => SchedulerJobState.Unknown,
    };
}
