namespace Convergence.Cluster.Live;

/// <summary>
/// A replication document's state as CouchDB's scheduler reports it in <c>_scheduler/docs/_replicator/&lt;id&gt;</c>
/// (couch_replicator_doc_processor / couch_replicator_scheduler: <c>initializing</c>, <c>pending</c>, <c>running</c>,
/// <c>crashing</c>, <c>error</c>, <c>failed</c>, <c>completed</c>), or <see cref="Missing"/> when the scheduler does
/// not know the document (just created and not picked up yet, or deleted behind the run's back).
/// </summary>
internal enum SchedulerJobState
{
    Missing,
    Initializing,
    Pending,
    Running,
    Crashing,
    Error,
    Failed,
    Completed,
    Unknown,
}
