using Xunit;

// Collections would otherwise run in parallel: the live-cluster collection (three servers) beside the replica
// collection's shared server would exceed three pouchdb-servers at once on a two-core machine shared with builds.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
