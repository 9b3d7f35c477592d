using Xunit;
namespace Convergence.Chaos.Tests.Support;

/// <summary>
/// Every test that starts replica servers runs in this one collection, so they run one after another: with the shared
/// server that makes at most three pouchdb-servers at once on a two-core machine shared with other builds.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LiveReplicaCollection : ICollectionFixture<SharedReplicaFixture>
{
    public const string Name = "Live replicas";
}
