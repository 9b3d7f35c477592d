using Xunit;

namespace Convergence.Chaos.Tests.Live;

/// <summary>Live-cluster tests (three pouchdb-servers each) run one after another, never beside another server.</summary>
[CollectionDefinition(Name)]
public sealed class LiveClusterCollection
{
    public const string Name = "Live cluster";
}
