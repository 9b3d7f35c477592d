using Xunit;

namespace Convergence.Chaos.Tests.Live;

/// <summary>
/// Live-cluster tests (three pouchdb-servers each) run one after another, never beside another server; the ledger checks
/// at the end that none of their servers is left.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LiveClusterCollection : ICollectionFixture<LiveProcessLedger>
{
    public const string Name = "Live cluster";
}
